package dev.edgetl.compressor.quantize;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.TfliteModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.TensorT;

/**
 * float16 weights, as TFLite's converter writes them: every float32 constant becomes a FLOAT16 constant
 * followed by a DEQUANTIZE op whose float32 output feeds the original consumers. Runtimes dequantize once at
 * prepare time, so the file halves while compute stays float.
 */
public final class Fp16Quantizer {
    private Fp16Quantizer() {}

    public static byte[] quantize(TfliteModel model) {
        FloatModelCheck.requireFloat(model);
        GraphEditor g = new GraphEditor(model);
        List<OperatorT> dequantizeOps = new ArrayList<>();
        int n = g.tensors.size();
        for (int t = 0; t < n; t++) {
            if (!g.isConstant(t) || g.dtype(t) != DType.FLOAT32 || g.consumers(t).isEmpty()) {
                continue;
            }
            float[] values = g.floats(t);
            ByteBuffer half = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                half.putShort(Half.fromFloat(v));
            }
            TensorT orig = g.tensor(t);
            int fp16 = g.addTensor(orig.getName(), DType.FLOAT16, orig.getShape(), null, half.array());
            // The original index becomes the dequantized activation, so every consumer keeps its input index.
            orig.setName(orig.getName() + "_dequantize");
            orig.setBuffer(0);
            dequantizeOps.add(g.newOp(BuiltinOperator.DEQUANTIZE, OpVersions.dequantize(DType.FLOAT16),
                    new int[] {fp16}, new int[] {t}, BuiltinOptions.NONE, null));
        }
        g.ops.addAll(0, dequantizeOps);
        return g.toBytes();
    }
}
