package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.OracleCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;

/**
 * Exact ties in the requantization, forced through the bias: with input 0 the int32 sum is the bias alone,
 * and scales 1 * 0.75 / 1 give multiplier 0.75 * 2^31 (shift 0), or 0.75 / 8 (shift -3). Integer results
 * decide how TFLite 2.21 rounds ties in the high multiply and in the right shift, for int8 and uint8.
 */
class RequantizationTiesTest {
    static byte[] model(DType type, float wScale, int[] bias) {
        int n = bias.length;
        ModelBuilder b = new ModelBuilder("ties");
        int zp = type == DType.UINT8 ? 128 : 0;
        int x = b.tensor("x", type, new int[] {1, 1, 1, 1}, Quantization.perTensor(1f, zp));
        int y = b.tensor("y", type, new int[] {1, 1, 1, n}, Quantization.perTensor(1f, zp));
        byte[] w = new byte[n];
        java.util.Arrays.fill(w, (byte) (type == DType.UINT8 ? 129 : 1));
        int wt = b.constant("w", type, new int[] {n, 1, 1, 1}, Quantization.perTensor(wScale, type == DType.UINT8 ? 128 : 0), w);
        int bt = b.constantInt32("b", new int[] {n}, bias, Quantization.perTensor(wScale, 0));
        Conv2DOptionsT o = new Conv2DOptionsT();
        o.setPadding((byte) 1);
        o.setStrideH(1);
        o.setStrideW(1);
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        b.op(BuiltinOperator.CONV_2D, 3, new int[] {x, wt, bt}, new int[] {y}, BuiltinOptions.Conv2DOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    @Test
    void tiesMatchTflite() throws Exception {
        int[] bias = new int[64];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = i - 32;
        }
        for (DType t : new DType[] {DType.INT8, DType.UINT8}) {
            for (float s : new float[] {0.75f, 0.75f / 8, 0.625f / 4}) {
                byte[] m = model(t, s, bias);
                byte[] in = {(byte) (t == DType.UINT8 ? 128 : 0)};
                OracleCheck.Result r = OracleCheck.run(m, List.of(in), InterpreterOptions.defaults());
                r.assertMatches(0, t + " scale " + s);
            }
        }
    }
}
