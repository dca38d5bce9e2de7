package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;
import static dev.edgetl.runtime.kernels.LayoutOpModels.quant;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ReducerOptionsT;

/** MEAN against TFLite 2.21: axes, keep_dims, dtypes, and the quantized paths (global pooling, same and rescaled). */
class MeanOracleTest {
    /** {input shape, axes, keep_dims (1/0)}. */
    private static final int[][][] CASES = {
        {{1, 7, 7, 24}, {1, 2}, {1}}, // the global-average-pooling fast path
        {{2, 5, 3, 9}, {2, 1}, {1}},
        {{1, 7, 7, 24}, {1, 2}, {0}},
        {{1, 6, 6, 8}, {-3, -2}, {1}}, // same axes, negative: not the fast path in TFLite
        {{3, 4, 5}, {-1}, {0}},
        {{3, 4, 5}, {0, 2}, {1}},
        {{2, 3, 4, 5}, {1, 1}, {0}}, // repeated axis
        {{4, 6}, {0, 1}, {0}}, // everything
        {{2, 3, 4, 5, 3}, {1, 3}, {1}},
        {{1, 16, 16, 4}, {1, 2}, {1}}, // count 256: large sums
    };

    static List<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (int[][] c : CASES) {
            list.add(Arguments.of(DType.FLOAT32, c, false));
            list.add(Arguments.of(DType.INT32, c, false));
            for (DType t : new DType[] {DType.INT8, DType.UINT8}) {
                list.add(Arguments.of(t, c, false));
                list.add(Arguments.of(t, c, true));
            }
        }
        return list;
    }

    static byte[] model(DType t, int[] shape, int[] axes, boolean keep, Quantization qin, Quantization qout) {
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            int d = a < 0 ? a + shape.length : a;
            if (d >= 0 && d < shape.length) {
                reduced[d] = true;
            }
        }
        int[] out = new int[shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (keep) {
                out[n++] = reduced[d] ? 1 : shape[d];
            } else if (!reduced[d]) {
                out[n++] = shape[d];
            }
        }
        ModelBuilder b = new ModelBuilder("mean");
        int x = b.tensor("x", t, shape, qin);
        int ax = b.constantInt32("axes", new int[] {axes.length}, axes, Quantization.NONE);
        int y = b.tensor("y", t, Arrays.copyOf(out, n), qout);
        ReducerOptionsT o = new ReducerOptionsT();
        o.setKeepDims(keep);
        b.op(BuiltinOperator.MEAN, new int[] {x, ax}, new int[] {y}, BuiltinOptions.ReducerOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    @ParameterizedTest(name = "{0} {1} rescale={2}")
    @MethodSource("cases")
    void matchesTflite(DType t, int[][] c, boolean rescale) throws Exception {
        Quantization qin = quant(t);
        Quantization qout = rescale ? quant(t, 0.0213f, t == DType.UINT8 ? 97 : 12) : qin;
        byte[] m = model(t, c[0], c[1], c[2][0] == 1, qin, qout);
        assertMatchesOracle(m, 17 + c[0].length + c[1][0], "MEAN " + t + " " + Arrays.deepToString(c));
    }

    @Test
    void rescalesWithManyScaleRatios() throws Exception {
        float[] outScales = {0.001f, 0.0173f, 0.05f, 0.09f, 0.7f, 3.1f};
        int s = 0;
        for (DType t : new DType[] {DType.INT8, DType.UINT8}) {
            for (float os : outScales) {
                Quantization qin = quant(t, 0.031f, t == DType.UINT8 ? 17 : -100);
                Quantization qout = quant(t, os, t == DType.UINT8 ? 250 : 30);
                for (int[][] c : new int[][][] {CASES[0], CASES[3], CASES[4], {{2, 9, 5, 40}, {-2, -3}, {1}}}) {
                    assertMatchesOracle(model(t, c[0], c[1], c[2][0] == 1, qin, qout), s++, "MEAN " + t + " out scale " + os);
                }
            }
        }
    }

    @Test
    void refusesBadModels() {
        Quantization q = Quantization.NONE;
        assertRefused(model(DType.FLOAT32, new int[] {2, 3}, new int[] {2}, false, q, q), "MEAN", "axis 2 is out of range");
        ModelBuilder b = new ModelBuilder("bad");
        int x = b.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int ax = b.tensor("axes", DType.INT32, new int[] {1}, q);
        int y = b.tensor("y", DType.FLOAT32, new int[] {2}, q);
        b.op(BuiltinOperator.MEAN, new int[] {x, ax}, new int[] {y}, BuiltinOptions.ReducerOptions, new ReducerOptionsT());
        assertRefused(b.inputs(x, ax).outputs(y).build(), "MEAN", "must be a constant tensor");
        ModelBuilder b2 = new ModelBuilder("bad");
        int x2 = b2.tensor("x", DType.FLOAT32, new int[] {2, 3}, q);
        int ax2 = b2.constantInt32("axes", new int[] {1}, new int[] {1}, q);
        int y2 = b2.tensor("y", DType.FLOAT32, new int[] {3}, q);
        b2.op(BuiltinOperator.MEAN, new int[] {x2, ax2}, new int[] {y2}, BuiltinOptions.ReducerOptions, new ReducerOptionsT());
        assertRefused(b2.inputs(x2).outputs(y2).build(), "MEAN", "should have shape [2]");
    }
}
