package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;
import static dev.edgetl.runtime.kernels.LayoutOpModels.quant;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.TransposeOptionsT;

/** TRANSPOSE against TFLite 2.21: ranks 1 to 6, every dtype, including ShuffleNet's channel shuffle. */
class TransposeOracleTest {
    /** {input shape, permutation}. */
    private static final int[][][] CASES = {
        {{5}, {0}},
        {{3, 4}, {1, 0}},
        {{2, 3, 4}, {2, 0, 1}},
        {{1, 4, 5, 6}, {0, 3, 1, 2}}, // NHWC -> NCHW
        {{1, 6, 4, 5}, {0, 2, 3, 1}}, // NCHW -> NHWC
        {{1, 7, 7, 2, 12}, {0, 1, 2, 4, 3}}, // ShuffleNetV2 channel shuffle
        {{2, 3, 2, 3, 2, 2}, {5, 3, 1, 0, 2, 4}},
        {{2, 3, 4, 5}, {0, 1, 2, 3}}, // identity
    };

    static List<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (int[][] c : CASES) {
            for (DType t : new DType[] {DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT32}) {
                list.add(Arguments.of(t, c));
            }
        }
        list.add(Arguments.of(DType.INT64, CASES[3]));
        list.add(Arguments.of(DType.INT16, CASES[6]));
        list.add(Arguments.of(DType.BOOL, CASES[2]));
        return list;
    }

    static byte[] model(DType t, int[] shape, int[] perm, Quantization q) {
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            out[d] = shape[perm[d]];
        }
        ModelBuilder b = new ModelBuilder("transpose");
        int x = b.tensor("x", t, shape, q);
        int p = b.constantInt32("perm", new int[] {perm.length}, perm, Quantization.NONE);
        int y = b.tensor("y", t, out, q);
        b.op(BuiltinOperator.TRANSPOSE, new int[] {x, p}, new int[] {y}, BuiltinOptions.TransposeOptions,
                new TransposeOptionsT());
        return b.inputs(x).outputs(y).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesTflite(DType t, int[][] c) throws Exception {
        Quantization q = t == DType.INT16 ? Quantization.perTensor(0.01f, 0) : quant(t);
        byte[] m = model(t, c[0], c[1], q);
        assertMatchesOracle(m, 23 + c[0].length, "TRANSPOSE " + t);
    }

    @Test
    void refusesBadModels() {
        Quantization q = Quantization.NONE;
        assertRefused(model(DType.FLOAT32, new int[] {2, 3}, new int[] {1, 1}, q), "TRANSPOSE", "is not a permutation");
        ModelBuilder b = new ModelBuilder("bad");
        int x = b.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int p = b.constantInt32("perm", new int[] {3}, new int[] {0, 1, 2}, q);
        int y = b.tensor("y", DType.FLOAT32, new int[] {2, 3}, q);
        b.op(BuiltinOperator.TRANSPOSE, new int[] {x, p}, new int[] {y}, BuiltinOptions.TransposeOptions,
                new TransposeOptionsT());
        assertRefused(b.inputs(x).outputs(y).build(), "TRANSPOSE", "has 3 entries");
        ModelBuilder b2 = new ModelBuilder("bad");
        int x2 = b2.tensor("x", DType.FLOAT32, new int[] {1, 1, 1, 1, 1, 1, 2}, q);
        int p2 = b2.constantInt32("perm", new int[] {7}, new int[] {6, 0, 1, 2, 3, 4, 5}, q);
        int y2 = b2.tensor("y", DType.FLOAT32, new int[] {2, 1, 1, 1, 1, 1, 1}, q);
        b2.op(BuiltinOperator.TRANSPOSE, new int[] {x2, p2}, new int[] {y2}, BuiltinOptions.TransposeOptions,
                new TransposeOptionsT());
        assertRefused(b2.inputs(x2).outputs(y2).build(), "TRANSPOSE", "supports up to 6");
        ModelBuilder b3 = new ModelBuilder("bad");
        int x3 = b3.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int p3 = b3.constantInt32("perm", new int[] {2}, new int[] {1, 0}, q);
        int y3 = b3.tensor("y", DType.FLOAT32, new int[] {2, 3}, q);
        b3.op(BuiltinOperator.TRANSPOSE, new int[] {x3, p3}, new int[] {y3}, BuiltinOptions.TransposeOptions,
                new TransposeOptionsT());
        assertRefused(b3.inputs(x3).outputs(y3).build(), "TRANSPOSE", "should have shape [3, 2]");
    }
}
