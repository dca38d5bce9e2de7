package dev.edgetl.compressor.evaluate;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import java.util.Arrays;

/** Measures a variant: sizes, arena, top-1 accuracy and agreement with the float model, host latency. */
public final class Evaluator {
    private final ModelRunner.Factory runners;
    private final EvalSet eval;
    private final int warmup;
    private final int timedRuns;

    public Evaluator(ModelRunner.Factory runners, EvalSet eval, int warmup, int timedRuns) {
        this.runners = runners;
        this.eval = eval;
        this.warmup = warmup;
        this.timedRuns = Math.max(1, timedRuns);
    }

    /** Top-1 class of each evaluation input. */
    public int[] predictions(byte[] model, String name) {
        try (ModelRunner r = runners.open(model, name)) {
            int[] top = new int[eval.inputs().size()];
            for (int k = 0; k < top.length; k++) {
                top[k] = argmax(r.run(eval.inputs().get(k)));
            }
            return top;
        }
    }

    /**
     * Evaluates {@code model}; {@code floatTop1} are the float model's predictions (null when this is the
     * float model). A runtime failure becomes a failed variant, not an exception: the report says why.
     */
    public VariantMetrics evaluate(String name, String description, byte[] model, int[] floatTop1,
            DeviceEstimator estimator, String profileId) {
        TfliteModel parsed = ModelReader.read(model, name);
        long weights = parsed.weightBytes();
        try (ModelRunner r = runners.open(model, name)) {
            int n = eval.inputs().size();
            int correct = 0;
            int labelled = 0;
            int agree = 0;
            for (int k = 0; k < n; k++) {
                int top = argmax(r.run(eval.inputs().get(k)));
                if (eval.labels()[k] >= 0) {
                    labelled++;
                    correct += top == eval.labels()[k] ? 1 : 0;
                }
                agree += floatTop1 == null || floatTop1[k] == top ? 1 : 0;
            }
            r.run(eval.inputs().get(0));
            for (int k = 0; k < warmup; k++) {
                r.invoke();
            }
            double[] ms = new double[timedRuns];
            for (int k = 0; k < timedRuns; k++) {
                long t0 = System.nanoTime();
                r.invoke();
                ms[k] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            double p50 = percentile(ms, 0.5);
            double p90 = percentile(ms, 0.9);
            DeviceEstimate est = estimator == null ? null : estimator.estimate(profileId, model, p90);
            return new VariantMetrics(name, description, model.length, weights, r.arenaBytes(), r.ramBytes(),
                    labelled == 0 ? null : correct / (double) labelled, agree / (double) Math.max(1, n), p50, p90, est,
                    null);
        } catch (RuntimeException e) {
            return VariantMetrics.failure(name, description, model.length, weights,
                    "edge-runtime cannot run it: " + e.getMessage());
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
