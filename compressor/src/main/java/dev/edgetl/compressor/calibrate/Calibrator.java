package dev.edgetl.compressor.calibrate;

import dev.edgetl.compressor.quantize.TensorRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Collects activation statistics over calibration inputs and turns them into quantization ranges. Min/max
 * needs one pass; the histogram methods a second one over the same inputs (histograms span the pass-1 range).
 */
public final class Calibrator {
    private Calibrator() {}

    /** Per-tensor statistics of every float activation the recorder reports. */
    public static Map<Integer, TensorStats> collect(ActivationRecorder recorder, List<float[]> inputs,
            boolean histograms, IntConsumer progress) {
        return collect(recorder, inputs, histograms, progress, Map.of());
    }

    /**
     * As {@link #collect(ActivationRecorder, List, boolean, IntConsumer)}, also accumulating the mean of each
     * position modulo {@code meanPeriods.get(tensor)} for the listed tensors (channel means, for bias correction).
     */
    public static Map<Integer, TensorStats> collect(ActivationRecorder recorder, List<float[]> inputs,
            boolean histograms, IntConsumer progress, Map<Integer, Integer> meanPeriods) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one input");
        }
        Map<Integer, TensorStats> stats = new HashMap<>();
        int done = 0;
        for (float[] x : inputs) {
            recorder.run(x, (t, data, off, len) -> {
                TensorStats st = stats.computeIfAbsent(t, k -> new TensorStats());
                st.addMinMax(data, off, len);
                Integer period = meanPeriods.get(t);
                if (period != null) {
                    st.trackMeans(period);
                    st.addMeans(data, off, len);
                }
            });
            progress.accept(++done);
        }
        if (histograms) {
            stats.values().forEach(TensorStats::startHistogram);
            for (float[] x : inputs) {
                recorder.run(x, (t, data, off, len) -> stats.get(t).addHistogram(data, off, len));
                progress.accept(++done);
            }
        }
        return stats;
    }

    /** Per-channel means of the tensors whose means were tracked (input of {@code BiasCorrection}). */
    public static Map<Integer, double[]> means(Map<Integer, TensorStats> stats) {
        Map<Integer, double[]> r = new TreeMap<>();
        for (Map.Entry<Integer, TensorStats> e : stats.entrySet()) {
            double[] m = e.getValue().means();
            if (m != null) {
                r.put(e.getKey(), m);
            }
        }
        return r;
    }

    public static Map<Integer, TensorRange> ranges(Map<Integer, TensorStats> stats, RangeMethod method) {
        Map<Integer, TensorRange> r = new TreeMap<>();
        for (Map.Entry<Integer, TensorStats> e : stats.entrySet()) {
            if (e.getValue().seen() && Float.isFinite(e.getValue().min()) && Float.isFinite(e.getValue().max())) {
                r.put(e.getKey(), method.range(e.getValue()));
            }
        }
        return r;
    }
}
