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

    /** Output 0 of every evaluation input (dequantized). */
    public float[][] outputs(byte[] model, String name) {
        try (ModelRunner r = runners.open(model, name)) {
            float[][] out = new float[eval.inputs().size()][];
            for (int k = 0; k < out.length; k++) {
                out[k] = r.run(eval.inputs().get(k)).clone();
            }
            return out;
        }
    }

    /**
     * Evaluates {@code model}; {@code floatTop1} are the float model's predictions (null when this is the
     * float model). A runtime failure becomes a failed variant, not an exception: the report says why.
     */
    public VariantMetrics evaluate(String name, String description, byte[] model, int[] floatTop1,
            DeviceEstimator estimator, String profileId) {
        return evaluate(name, description, model, floatTop1, null, Task.CLASSIFICATION, estimator, profileId);
    }

    /**
     * Evaluates {@code model} for {@code task}; {@code floatOutputs} are the float model's outputs (null when this
     * is the float model).
     */
    public VariantMetrics evaluate(String name, String description, byte[] model, float[][] floatOutputs, Task task,
            DeviceEstimator estimator, String profileId) {
        int[] floatTop1 = null;
        if (floatOutputs != null) {
            floatTop1 = new int[floatOutputs.length];
            for (int k = 0; k < floatTop1.length; k++) {
                floatTop1[k] = argmax(floatOutputs[k]);
            }
        }
        return evaluate(name, description, model, floatTop1, floatOutputs, task, estimator, profileId);
    }

    private VariantMetrics evaluate(String name, String description, byte[] model, int[] floatTop1,
            float[][] floatOutputs, Task task, DeviceEstimator estimator, String profileId) {
        TfliteModel parsed = ModelReader.read(model, name);
        long weights = parsed.weightBytes();
        try (ModelRunner r = runners.open(model, name)) {
            int n = eval.inputs().size();
            int correct = 0;
            int labelled = 0;
            int agree = 0;
            Moments vsTargets = new Moments();
            Moments vsFloat = new Moments();
            for (int k = 0; k < n; k++) {
                float[] y = r.run(eval.inputs().get(k));
                int top = argmax(y);
                if (eval.labels() != null && eval.labels()[k] >= 0) {
                    labelled++;
                    correct += top == eval.labels()[k] ? 1 : 0;
                }
                agree += floatTop1 == null || floatTop1[k] == top ? 1 : 0;
                if (eval.hasTargets()) {
                    vsTargets.add(y, eval.targets()[k]);
                }
                if (floatOutputs != null) {
                    vsFloat.add(y, floatOutputs[k]);
                }
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
            Double accuracy;
            double agreement;
            if (task == Task.REGRESSION) {
                accuracy = eval.hasTargets() ? vsTargets.r2() : null;
                agreement = floatOutputs == null ? 1.0 : vsFloat.r2();
            } else {
                accuracy = labelled == 0 ? null : correct / (double) labelled;
                agreement = agree / (double) Math.max(1, n);
            }
            return new VariantMetrics(name, description, model.length, weights, r.arenaBytes(), r.ramBytes(),
                    accuracy, agreement, p50, p90, est, null, eval.hasTargets() ? vsTargets.rmse() : null,
                    rmseVsFloat(floatOutputs, task, vsFloat));
        } catch (RuntimeException e) {
            return VariantMetrics.failure(name, description, model.length, weights,
                    "edge-runtime cannot run it: " + e.getMessage());
        }
    }

    private static Double rmseVsFloat(float[][] floatOutputs, Task task, Moments vsFloat) {
        if (floatOutputs != null) {
            return vsFloat.rmse();
        }
        return task == Task.REGRESSION ? Double.valueOf(0) : null; // the float model itself
    }

    /** Squared error and variance of the reference, over every output value. */
    public static final class Moments {
        double sse;
        double sum;
        double sumSq;
        long count;

        public void add(float[] y, float[] ref) {
            if (y.length != ref.length) {
                throw new IllegalArgumentException("output has " + y.length + " values, reference " + ref.length);
            }
            for (int j = 0; j < y.length; j++) {
                double d = y[j] - (double) ref[j];
                sse += d * d;
                sum += ref[j];
                sumSq += ref[j] * (double) ref[j];
            }
            count += y.length;
        }

        public double rmse() {
            return Math.sqrt(sse / Math.max(1, count));
        }

        /** 1 - SSE / total sum of squares of the reference (1 = identical; 0 = no better than its mean). */
        public double r2() {
            double mean = sum / Math.max(1, count);
            double tss = sumSq - count * mean * mean;
            return tss > 0 ? 1 - sse / tss : (sse == 0 ? 1 : 0);
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
