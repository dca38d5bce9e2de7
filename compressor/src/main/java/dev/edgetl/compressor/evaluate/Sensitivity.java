package dev.edgetl.compressor.evaluate;

import dev.edgetl.compressor.quantize.WeightedOps;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.quantize.Int8Quantizer;
import dev.edgetl.compressor.quantize.TensorRange;
import dev.edgetl.runtime.format.TfliteModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-layer sensitivity, like TFLite's QuantizationDebugger: for each layer with weights, the model with only
 * that layer in int8 (everything else float) is run on a few inputs; the error is the output's relative
 * squared error against the float model. The most sensitive layers are the candidates to keep in float.
 */
public final class Sensitivity {
    private Sensitivity() {}

    public record Layer(int opIndex, String op, double relativeError) {}

    public static List<Layer> analyze(TfliteModel model, byte[] floatBytes, Map<Integer, TensorRange> ranges,
            Int8Options options, ModelRunner.Factory runners, List<float[]> samples) {
        return analyze(model, floatBytes, ranges, null, options, runners, samples);
    }

    /** As above, with the quantizer's bias correction from {@code channelMeans} (null: none). */
    public static List<Layer> analyze(TfliteModel model, byte[] floatBytes, Map<Integer, TensorRange> ranges,
            Map<Integer, double[]> channelMeans, Int8Options options, ModelRunner.Factory runners,
            List<float[]> samples) {
        List<float[]> reference = new ArrayList<>();
        try (ModelRunner r = runners.open(floatBytes, "float")) {
            for (float[] x : samples) {
                reference.add(r.run(x).clone());
            }
        }
        List<Integer> quantizable = Int8Quantizer.quantizableOps(model, ranges);
        List<Layer> layers = new ArrayList<>();
        for (int op : quantizable) {
            if (!WeightedOps.hasWeights(model.operators().get(op).builtinCode())) {
                continue;
            }
            Set<Integer> others = new HashSet<>(quantizable);
            others.remove(op);
            byte[] q = Int8Quantizer.quantize(model, ranges, channelMeans, options.withKeepFloat(others));
            double num = 0;
            double den = 0;
            try (ModelRunner r = runners.open(q, "only op " + op)) {
                for (int k = 0; k < samples.size(); k++) {
                    float[] y = r.run(samples.get(k));
                    float[] ref = reference.get(k);
                    for (int j = 0; j < y.length; j++) {
                        double d = y[j] - ref[j];
                        num += d * d;
                        den += (double) ref[j] * ref[j];
                    }
                }
            }
            layers.add(new Layer(op, model.operators().get(op).opName(), num / Math.max(den, 1e-30)));
        }
        layers.sort(Comparator.comparingDouble(Layer::relativeError).reversed());
        return layers;
    }
}
