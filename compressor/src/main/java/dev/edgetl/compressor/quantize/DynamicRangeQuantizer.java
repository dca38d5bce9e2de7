package dev.edgetl.compressor.quantize;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.TfliteModel;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Dynamic-range quantization: int8 symmetric weights for CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED,
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
        FloatModelCheck.requireFloat(model);
        GraphEditor g = new GraphEditor(model);
        for (OperatorT op : g.ops) {
            int code = g.builtinCode(op);
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
            op.setInputs(in);
            g.setVersion(op, OpVersions.hybrid(code, perChannel, g.version(op)));
        }
        return g.toBytes();
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
