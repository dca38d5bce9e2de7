package dev.edgetl.compressor.quantize;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.TfliteModel;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Dynamic-range quantization: int8 symmetric weights for CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and
 * UNIDIRECTIONAL_SEQUENCE_LSTM,
 * float activations, float bias. TFLite runs these as hybrid kernels (activations quantized on the fly).
 * Like TFLite's converter, weights with fewer than {@code minElements} values stay float (the saving would
 * not pay for the accuracy).
 */
public final class DynamicRangeQuantizer {
    private DynamicRangeQuantizer() {}

    public record Options(boolean perChannel, int minElements) {
        public static Options defaults() {
            return new Options(true, 1024);
        }
    }

    public static byte[] quantize(TfliteModel model, Options options) {
        return quantize(model, options, null);
    }

    /**
     * As {@link #quantize(TfliteModel, Options)} with bias correction ({@link BiasCorrection}) from the
     * calibration means of the layers' inputs; null or empty: none. The corrected bias stays float.
     */
    public static byte[] quantize(TfliteModel model, Options options, Map<Integer, double[]> channelMeans) {
        FloatModelCheck.requireFloat(model);
        GraphEditor g = new GraphEditor(model);
        for (OperatorT op : g.ops) {
            int code = g.builtinCode(op);
            if (code == BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM) {
                quantizeLstm(g, op, options);
                continue;
            }
            int dim = weightChannelDim(code);
            if (dim < 0) {
                continue;
            }
            int w = op.getInputs()[1];
            if (!g.isConstant(w) || g.dtype(w) != DType.FLOAT32 || g.numElements(w) < options.minElements()) {
                continue;
            }
            TensorT wt = g.tensor(w);
            // Depthwise hybrid kernels in TFLite only exist per-channel.
            boolean perChannel = options.perChannel() || code == BuiltinOperator.DEPTHWISE_CONV_2D;
            WeightQuantizer.Result q = WeightQuantizer.quantize(g.floats(w), wt.getShape(), dim, perChannel);
            int qw = g.addTensor(wt.getName(), DType.INT8, wt.getShape(),
                    perChannel ? GraphEditor.perChannel(q.scales, dim) : GraphEditor.perTensor(q.scales[0], 0), q.values);
            int[] in = op.getInputs().clone();
            in[1] = qw;
            if (channelMeans != null && in.length > 2 && in[2] >= 0 && g.isConstant(in[2])
                    && g.dtype(in[2]) == DType.FLOAT32) {
                float[] bias = g.floats(in[2]);
                float[] corrected = BiasCorrection.correct(code, wt.getShape(), g.floats(w),
                        BiasCorrection.dequantize(q, wt.getShape(), dim), bias, channelMeans.get(in[0]));
                if (corrected != bias) {
                    TensorT bt = g.tensor(in[2]);
                    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(corrected.length * 4)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    bb.asFloatBuffer().put(corrected);
                    in[2] = g.addTensor(bt.getName(), DType.FLOAT32, bt.getShape(), null, bb.array());
                }
            }
            op.setInputs(in);
            g.setVersion(op, OpVersions.hybrid(code, perChannel, g.version(op)));
        }
        return g.toBytes();
    }

    /**
     * TFLite's hybrid LSTM takes all eight gate matrices (inputs 1-8) in int8 with one symmetric scale each, or none:
     * so they are quantized together, when together they are large enough. Biases and state stay float.
     */
    private static void quantizeLstm(GraphEditor g, OperatorT op, Options options) {
        int[] in = op.getInputs().clone();
        long elements = 0;
        for (int k = 1; k <= 8; k++) {
            if (in.length <= k || in[k] < 0 || !g.isConstant(in[k]) || g.dtype(in[k]) != DType.FLOAT32) {
                return; // CIFG or already quantized: the runtime would refuse a mix
            }
            elements += g.numElements(in[k]);
        }
        if (elements < options.minElements()) {
            return;
        }
        for (int k = 1; k <= 8; k++) {
            TensorT wt = g.tensor(in[k]);
            WeightQuantizer.Result q = WeightQuantizer.quantize(g.floats(in[k]), wt.getShape(), 0, false);
            in[k] = g.addTensor(wt.getName(), DType.INT8, wt.getShape(), GraphEditor.perTensor(q.scales[0], 0), q.values);
        }
        op.setInputs(in);
        g.setVersion(op, Math.max(2, g.version(op)));
    }

    /** The axis of per-channel weight scales in TFLite's layouts, or -1 for ops without weights. */
    static int weightChannelDim(int builtin) {
        return switch (builtin) {
            case BuiltinOperator.CONV_2D, BuiltinOperator.FULLY_CONNECTED -> 0;
            case BuiltinOperator.DEPTHWISE_CONV_2D -> 3;
            default -> -1;
        };
    }
}
