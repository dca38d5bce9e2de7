package dev.edgetl.compressor;

import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.quantize.Int8Options;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One compress run.
 *
 * @param calibrationDir an image folder, or a {@code .npy} file of float32 inputs [N, ...input shape] for models
 *     whose input is not an image (windows of a soft sensor)
 * @param evalDir null: a seeded 25 % split of the calibration folder (or tensor file) is held out for evaluation;
 *     with a {@code .npy} calibration file, a {@code .npy} file of evaluation inputs
 * @param evalTargets with tensor inputs: {@code .npy} targets, [N, T] for regression or [N] class indices;
 *     null: variants are compared with the float model only
 * @param variants any of fp16, dynamic, int8 (the float baseline is always evaluated; int8 also brings the
 *     per-tensor variant, the classic MobileNet accuracy collapse, for comparison)
 * @param method null: the default ({@link Compressor#DEFAULT_METHOD})
 * @param compareMethods also build int8 with every calibration method and keep the best on the evaluation set
 * @param autoKeepFloat number of most sensitive layers to keep float in an extra "int8-mixed" variant (0 = none)
 * @param classMap evaluation folder name -> model label, for folders not named exactly like a label
 */
public record CompressConfig(
        Path model,
        Path calibrationDir,
        Path evalDir,
        Path budget,
        Path out,
        List<String> variants,
        RangeMethod method,
        boolean compareMethods,
        int maxCalibrationImages,
        Int8Options.IoType io,
        Set<Integer> keepFloat,
        int autoKeepFloat,
        Path labels,
        java.util.Map<String, String> classMap,
        float[] mean,
        float[] std,
        int warmup,
        int timedRuns,
        boolean overwrite,
        long seed,
        Path evalTargets) {

    /** Without evaluation targets (image folders carry their labels). */
    public CompressConfig(Path model, Path calibrationDir, Path evalDir, Path budget, Path out, List<String> variants,
            RangeMethod method, boolean compareMethods, int maxCalibrationImages, Int8Options.IoType io,
            Set<Integer> keepFloat, int autoKeepFloat, Path labels, java.util.Map<String, String> classMap, float[] mean,
            float[] std, int warmup, int timedRuns, boolean overwrite, long seed) {
        this(model, calibrationDir, evalDir, budget, out, variants, method, compareMethods, maxCalibrationImages, io,
                keepFloat, autoKeepFloat, labels, classMap, mean, std, warmup, timedRuns, overwrite, seed, null);
    }

    public static final List<String> ALL_VARIANTS = List.of("fp16", "dynamic", "int8");
}
