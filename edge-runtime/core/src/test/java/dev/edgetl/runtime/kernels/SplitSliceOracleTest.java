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
import org.tensorflow.lite.schema.SplitOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;

/** SPLIT and STRIDED_SLICE (ShuffleNetV2's channel split) against TFLite 2.21. */
class SplitSliceOracleTest {
    private static final DType[] TYPES = {DType.FLOAT32, DType.INT8, DType.UINT8};

    /** {input shape, {axis, num_splits}}. */
    private static final int[][][] SPLITS = {
        {{1, 7, 7, 24}, {3, 2}},
        {{1, 7, 7, 24}, {-1, 3}},
        {{2, 6, 3}, {1, 3}},
        {{4, 5}, {0, 4}},
        {{6}, {0, 1}},
    };

    static List<Arguments> splits() {
        List<Arguments> list = new ArrayList<>();
        for (int[][] c : SPLITS) {
            for (DType t : TYPES) {
                list.add(Arguments.of(t, c));
            }
        }
        list.add(Arguments.of(DType.INT32, SPLITS[2]));
        return list;
    }

    static byte[] split(DType t, int[] in, int axis, int n) {
        Quantization q = quant(t);
        ModelBuilder b = new ModelBuilder("split");
        int ax = b.constantInt32("axis", new int[] {}, new int[] {axis}, Quantization.NONE);
        int x = b.tensor("x", t, in, q);
        int a = axis < 0 ? axis + in.length : axis;
        int[] os = in.clone();
        os[a] = in[a] / n;
        int[] outs = new int[n];
        for (int k = 0; k < n; k++) {
            outs[k] = b.tensor("y" + k, t, os, q);
        }
        SplitOptionsT o = new SplitOptionsT();
        o.setNumSplits(n);
        b.op(BuiltinOperator.SPLIT, new int[] {ax, x}, outs, BuiltinOptions.SplitOptions, o);
        return b.inputs(x).outputs(outs).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("splits")
    void splitMatchesTflite(DType t, int[][] c) throws Exception {
        assertMatchesOracle(split(t, c[0], c[1][0], c[1][1]), 41, "SPLIT " + t);
    }

    /** {input shape, begin, end, strides, {begin_mask, end_mask, shrink_axis_mask, offset}, output shape}. */
    private static final int[][][] SLICES = {
        {{1, 7, 7, 24}, {0, 0, 0, 0}, {1, 7, 7, 12}, {1, 1, 1, 1}, {0, 0, 0, 0}, {1, 7, 7, 12}},
        {{1, 7, 7, 24}, {0, 0, 0, 12}, {1, 7, 7, 24}, {1, 1, 1, 1}, {0, 0, 0, 0}, {1, 7, 7, 12}},
        {{1, 7, 7, 24}, {0, 0, 0, 1}, {0, 0, 0, 0}, {1, 1, 1, 2}, {7, 15, 0, 0}, {1, 7, 7, 12}}, // odd channels
        {{5, 6}, {-1, 5}, {-6, 0}, {-1, -2}, {0, 0, 0, 0}, {5, 3}}, // negative strides and indices
        {{5, 6}, {2, 0}, {3, 6}, {1, 1}, {0, 0, 1, 0}, {6}}, // shrink
        {{4, 6, 3}, {1, -100}, {100, 4}, {2, 1}, {0, 0, 0, 0}, {2, 4, 3}}, // clamping, short begin
        {{4, 6}, {1, 2}, {2, 3}, {1, 1}, {0, 0, 0, 1}, {2, 3}}, // offset: end = begin + end
        {{3, 4}, {0, 0}, {0, 0}, {1, 1}, {3, 3, 0, 0}, {3, 4}}, // masks everywhere
    };

    static List<Arguments> slices() {
        List<Arguments> list = new ArrayList<>();
        for (int[][] c : SLICES) {
            for (DType t : TYPES) {
                list.add(Arguments.of(t, c));
            }
        }
        list.add(Arguments.of(DType.INT32, SLICES[3]));
        return list;
    }

    static byte[] slice(DType t, int[][] c) {
        Quantization q = quant(t);
        ModelBuilder b = new ModelBuilder("strided slice");
        int x = b.tensor("x", t, c[0], q);
        int n = c[1].length;
        int bg = b.constantInt32("begin", new int[] {n}, c[1], Quantization.NONE);
        int en = b.constantInt32("end", new int[] {n}, c[2], Quantization.NONE);
        int st = b.constantInt32("strides", new int[] {n}, c[3], Quantization.NONE);
        int y = b.tensor("y", t, c[5], q);
        StridedSliceOptionsT o = new StridedSliceOptionsT();
        o.setBeginMask(c[4][0]);
        o.setEndMask(c[4][1]);
        o.setShrinkAxisMask(c[4][2]);
        o.setOffset(c[4][3] == 1);
        b.op(BuiltinOperator.STRIDED_SLICE, new int[] {x, bg, en, st}, new int[] {y},
                BuiltinOptions.StridedSliceOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("slices")
    void stridedSliceMatchesTflite(DType t, int[][] c) throws Exception {
        assertMatchesOracle(slice(t, c), 43, "STRIDED_SLICE " + t);
    }

    @Test
    void refusesBadModels() {
        ModelBuilder b = new ModelBuilder("bad");
        int ax = b.constantInt32("axis", new int[] {}, new int[] {1}, Quantization.NONE);
        int x = b.tensor("x", DType.FLOAT32, new int[] {2, 5}, Quantization.NONE);
        int y0 = b.tensor("y0", DType.FLOAT32, new int[] {2, 2}, Quantization.NONE);
        int y1 = b.tensor("y1", DType.FLOAT32, new int[] {2, 2}, Quantization.NONE);
        SplitOptionsT o = new SplitOptionsT();
        o.setNumSplits(2);
        b.op(BuiltinOperator.SPLIT, new int[] {ax, x}, new int[] {y0, y1}, BuiltinOptions.SplitOptions, o);
        assertRefused(b.inputs(x).outputs(y0, y1).build(), "SPLIT", "cannot be split in 2 equal parts");
        assertRefused(slice(DType.FLOAT32, new int[][] {{4, 6}, {0, 0}, {4, 6}, {1, 0}, {0, 0, 0, 0}, {4, 6}}),
                "STRIDED_SLICE", "zero stride");
        assertRefused(slice(DType.FLOAT32, new int[][] {{4, 6}, {0, 0}, {4, 6}, {1, 1}, {0, 0, 0, 0}, {4, 5}}),
                "STRIDED_SLICE", "should have shape [4, 6]");
    }
}
