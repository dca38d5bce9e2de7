package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;
import static dev.edgetl.runtime.kernels.LayoutOpModels.constInts;
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
import org.tensorflow.lite.schema.PadOptionsT;

/** PAD against TFLite 2.21: ranks 1 to 5, int32 and int64 paddings, padding value = output zero point. */
class PadOracleTest {
    /** {input shape, paddings flattened [before0, after0, ...]}. */
    private static final int[][][] CASES = {
        {{1, 5, 6, 3}, {0, 0, 1, 1, 1, 1, 0, 0}}, // the usual spatial pad before a VALID conv
        {{1, 4, 4, 2}, {0, 0, 0, 1, 0, 1, 0, 0}}, // TF's asymmetric SAME as an explicit pad
        {{2, 3, 4, 5}, {1, 2, 0, 3, 2, 0, 1, 1}},
        {{7}, {3, 2}},
        {{3, 4}, {0, 0, 2, 5}},
        {{2, 3, 4}, {1, 1, 0, 0, 0, 0}},
        {{2, 2, 3, 2, 3}, {0, 1, 1, 0, 0, 0, 2, 1, 1, 1}},
    };

    static List<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        int k = 0;
        for (int[][] c : CASES) {
            for (DType t : new DType[] {DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT32}) {
                list.add(Arguments.of(t, c, (k++ % 2 == 0) ? DType.INT32 : DType.INT64));
            }
        }
        return list;
    }

    static byte[] model(DType t, int[] shape, int[] pads, DType padType, Quantization q) {
        int[] out = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            out[d] += pads[2 * d] + pads[2 * d + 1];
        }
        ModelBuilder b = new ModelBuilder("pad");
        int x = b.tensor("x", t, shape, q);
        int p = constInts(b, "paddings", new int[] {shape.length, 2}, pads, padType);
        int y = b.tensor("y", t, out, q);
        b.op(BuiltinOperator.PAD, new int[] {x, p}, new int[] {y}, BuiltinOptions.PadOptions, new PadOptionsT());
        return b.inputs(x).outputs(y).build();
    }

    @ParameterizedTest(name = "{0} {1} paddings {2}")
    @MethodSource("cases")
    void matchesTflite(DType t, int[][] c, DType padType) throws Exception {
        assertMatchesOracle(model(t, c[0], c[1], padType, quant(t)), 7 + c[0].length, "PAD " + t);
    }

    @Test
    void zeroPointsAtTheEdgesOfTheRange() throws Exception {
        assertMatchesOracle(model(DType.UINT8, CASES[0][0], CASES[0][1], DType.INT32, Quantization.perTensor(0.1f, 0)),
                1, "PAD uint8 zp 0");
        assertMatchesOracle(model(DType.INT8, CASES[0][0], CASES[0][1], DType.INT32, Quantization.perTensor(0.1f, -128)),
                2, "PAD int8 zp -128");
    }

    @Test
    void refusesBadModels() {
        Quantization q = Quantization.NONE;
        ModelBuilder b = new ModelBuilder("bad");
        int x = b.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int p = constInts(b, "paddings", new int[] {2, 2}, new int[] {0, -1, 1, 1}, DType.INT32);
        int y = b.tensor("y", DType.FLOAT32, new int[] {1, 5}, q);
        b.op(BuiltinOperator.PAD, new int[] {x, p}, new int[] {y}, BuiltinOptions.PadOptions, new PadOptionsT());
        assertRefused(b.inputs(x).outputs(y).build(), "PAD", "negative padding");
        ModelBuilder b2 = new ModelBuilder("bad");
        int x2 = b2.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int p2 = constInts(b2, "paddings", new int[] {3, 2}, new int[] {0, 0, 1, 1, 1, 1}, DType.INT32);
        int y2 = b2.tensor("y", DType.FLOAT32, new int[] {2, 5}, q);
        b2.op(BuiltinOperator.PAD, new int[] {x2, p2}, new int[] {y2}, BuiltinOptions.PadOptions, new PadOptionsT());
        assertRefused(b2.inputs(x2).outputs(y2).build(), "PAD", "must have shape [2, 2]");
        ModelBuilder b3 = new ModelBuilder("bad");
        int x3 = b3.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int p3 = b3.tensor("paddings", DType.INT32, new int[] {2, 2}, q);
        int y3 = b3.tensor("y", DType.FLOAT32, new int[] {2, 5}, q);
        b3.op(BuiltinOperator.PAD, new int[] {x3, p3}, new int[] {y3}, BuiltinOptions.PadOptions, new PadOptionsT());
        assertRefused(b3.inputs(x3, p3).outputs(y3).build(), "PAD", "must be a constant tensor");
        ModelBuilder b4 = new ModelBuilder("bad");
        int x4 = b4.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int p4 = constInts(b4, "paddings", new int[] {2, 2}, new int[] {0, 0, 1, 1}, DType.INT32);
        int y4 = b4.tensor("y", DType.FLOAT32, new int[] {2, 6}, q);
        b4.op(BuiltinOperator.PAD, new int[] {x4, p4}, new int[] {y4}, BuiltinOptions.PadOptions, new PadOptionsT());
        assertRefused(b4.inputs(x4).outputs(y4).build(), "PAD", "should have shape [2, 5]");
    }
}
