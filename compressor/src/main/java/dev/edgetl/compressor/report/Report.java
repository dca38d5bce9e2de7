package dev.edgetl.compressor.report;

import dev.edgetl.compressor.evaluate.Task;
import dev.edgetl.compressor.budget.Verdict;
import dev.edgetl.compressor.evaluate.VariantMetrics;
import java.util.List;
import java.util.Map;

/**
 * Everything one compress run found, serialised as report.json and rendered as report.md/report.html.
 *
 * @param calibrationImages calibration inputs (images, or windows of a tensor file)
 * @param task regression reports R^2 and RMSE where classifiers report top-1
 * @param calibrationComparison int8 agreement with the float model per calibration method, when measured
 */
public record Report(
        String model,
        String createdUtc,
        String preprocessing,
        int calibrationImages,
        int evalImages,
        String calibrationMethod,
        Map<String, Double> calibrationComparison,
        List<VariantMetrics> variants,
        List<String> paretoFront,
        Verdict verdict,
        List<String> notes,
        Task task) {

    /** An image classifier's report. */
    public Report(String model, String createdUtc, String preprocessing, int calibrationImages, int evalImages,
            String calibrationMethod, Map<String, Double> calibrationComparison, List<VariantMetrics> variants,
            List<String> paretoFront, Verdict verdict, List<String> notes) {
        this(model, createdUtc, preprocessing, calibrationImages, evalImages, calibrationMethod, calibrationComparison,
                variants, paretoFront, verdict, notes, Task.CLASSIFICATION);
    }

    public boolean regression() {
        return task == Task.REGRESSION;
    }
}
