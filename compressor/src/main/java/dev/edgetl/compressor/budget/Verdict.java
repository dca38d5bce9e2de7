package dev.edgetl.compressor.budget;

import dev.edgetl.compressor.evaluate.VariantMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pass/fail of every variant against every budget criterion, and the chosen variant: the smallest file that
 * passes all of them. When the evaluation set has no labels, accuracy criteria are judged on the agreement
 * with the float model's top-1 (the report says so).
 */
public record Verdict(Budget budget, List<Row> rows, String chosen) {
    public record Check(String criterion, String limit, String value, boolean pass) {}

    public record Row(String variant, List<Check> checks, boolean pass) {}

    public boolean anyPasses() {
        return chosen != null;
    }

    public static Verdict judge(Budget budget, List<VariantMetrics> variants, VariantMetrics floatModel) {
        return judge(budget, variants, floatModel, false);
    }

    /** {@code regression}: accuracy criteria apply to R^2 (against targets, or against the float outputs). */
    public static Verdict judge(Budget budget, List<VariantMetrics> variants, VariantMetrics floatModel,
            boolean regression) {
        List<Row> rows = new ArrayList<>();
        for (VariantMetrics v : variants) {
            List<Check> checks = new ArrayList<>();
            if (v.failed()) {
                checks.add(new Check("runs on edge-runtime", "yes", v.error(), false));
            } else {
                if (budget.maxModelBytes() != null) {
                    checks.add(new Check("model bytes", "<= " + budget.maxModelBytes(), Long.toString(v.fileBytes()),
                            v.fileBytes() <= budget.maxModelBytes()));
                }
                if (budget.maxRamBytes() != null) {
                    long ram = v.estimate() != null && v.estimate().memoryBytes() != null ? v.estimate().memoryBytes()
                            : v.ramBytes();
                    checks.add(new Check("RAM bytes", "<= " + budget.maxRamBytes(), Long.toString(ram),
                            ram >= 0 && ram <= budget.maxRamBytes()));
                }
                if (budget.maxP90LatencyMs() != null) {
                    boolean est = v.estimate() != null && v.estimate().latencyMs() != null;
                    double lat = est ? v.estimate().latencyMs() : v.latencyP90Ms();
                    checks.add(new Check("p90 latency ms (" + (est ? "estimate: " + v.estimate().basis() : "host") + ")",
                            "<= " + budget.maxP90LatencyMs(), String.format("%.2f", lat), lat <= budget.maxP90LatencyMs()));
                }
                boolean labelled = v.accuracy() != null;
                double acc = labelled ? v.accuracy() : v.agreement();
                double ref = labelled && floatModel.accuracy() != null ? floatModel.accuracy() : 1.0;
                String what = regression ? (labelled ? "R^2 vs targets" : "R^2 vs float outputs (no targets)")
                        : labelled ? "top-1 accuracy" : "top-1 agreement with float (no labels)";
                if (budget.minAccuracy() != null) {
                    checks.add(new Check(what, ">= " + budget.minAccuracy(), String.format("%.4f", acc),
                            acc >= budget.minAccuracy()));
                }
                if (budget.maxAccuracyDrop() != null) {
                    double drop = ref - acc;
                    checks.add(new Check(regression ? (labelled ? "R^2 drop vs float" : "1 - R^2 vs float")
                            : labelled ? "accuracy drop vs float" : "disagreement with float",
                            "<= " + budget.maxAccuracyDrop(), String.format("%.4f", drop),
                            drop <= budget.maxAccuracyDrop() + 1e-12));
                }
            }
            rows.add(new Row(v.name(), checks, checks.stream().allMatch(Check::pass)));
        }
        String chosen = variants.stream()
                .filter(v -> rows.stream().anyMatch(r -> r.variant().equals(v.name()) && r.pass()))
                .min(Comparator.comparingLong(VariantMetrics::fileBytes))
                .map(VariantMetrics::name).orElse(null);
        return new Verdict(budget, rows, chosen);
    }
}
