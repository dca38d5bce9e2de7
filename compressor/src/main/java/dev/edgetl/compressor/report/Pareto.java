package dev.edgetl.compressor.report;

import dev.edgetl.compressor.evaluate.VariantMetrics;
import java.util.ArrayList;
import java.util.List;

/** The variants no other variant beats on both latency (lower) and accuracy (higher). */
public final class Pareto {
    private Pareto() {}

    public static double quality(VariantMetrics v) {
        return v.accuracy() != null ? v.accuracy() : v.agreement();
    }

    public static List<String> front(List<VariantMetrics> variants) {
        List<String> front = new ArrayList<>();
        for (VariantMetrics a : variants) {
            if (a.failed()) {
                continue;
            }
            boolean dominated = false;
            for (VariantMetrics b : variants) {
                if (b == a || b.failed()) {
                    continue;
                }
                boolean noWorse = b.latencyP50Ms() <= a.latencyP50Ms() && quality(b) >= quality(a);
                boolean better = b.latencyP50Ms() < a.latencyP50Ms() || quality(b) > quality(a);
                if (noWorse && better) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(a.name());
            }
        }
        return front;
    }
}
