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
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SqueezeOptionsT;

/** RESHAPE and SQUEEZE against TFLite 2.21: shape from options or tensor, -1 inference, squeeze_dims. */
class ReshapeSqueezeOracleTest {
    private static final DType[] TYPES = {DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT32, DType.INT64};

    enum ShapeSource { OPTIONS, TENSOR, BOTH }

    /** {input shape, requested shape, output shape}. */
    private static final int[][][] RESHAPES = {
        {{1, 7, 7, 8}, {1, 392}, {1, 392}},
        {{1, 1, 1, 1001}, {-1, 1001}, {1, 1001}},
        {{2, 3, 4}, {4, -1}, {4, 6}},
        {{1, 7, 7, 24}, {1, 7, 7, 2, 12}, {1, 7, 7, 2, 12}}, // ShuffleNet's split into groups
        {{1, 1}, {0}, {}}, // legacy: [0] means a scalar
        {{6}, {-1}, {6}},
    };

    static List<Arguments> reshapes() {
        List<Arguments> list = new ArrayList<>();
        int k = 0;
        for (int[][] c : RESHAPES) {
            for (DType t : TYPES) {
                ShapeSource src = ShapeSource.values()[k++ % 3];
                if (c[1].length == 1 && c[1][0] == 0) {
                    src = ShapeSource.OPTIONS; // the legacy scalar form only exists in the options
                }
                list.add(Arguments.of(t, c, src));
            }
        }
        return list;
    }

    static byte[] reshape(DType t, int[] in, int[] requested, int[] out, ShapeSource src) {
        Quantization q = quant(t);
        ModelBuilder b = new ModelBuilder("reshape");
        int x = b.tensor("x", t, in, q);
        int y = b.tensor("y", t, out, q);
        ReshapeOptionsT o = new ReshapeOptionsT();
        int[] inputs = {x};
        if (src != ShapeSource.TENSOR) {
            o.setNewShape(requested);
        }
        if (src != ShapeSource.OPTIONS) {
            int s = constInts(b, "shape", new int[] {requested.length}, requested, DType.INT32);
            inputs = new int[] {x, s};
            if (src == ShapeSource.BOTH) {
                o.setNewShape(new int[] {-1}); // the tensor wins over the options, as in TFLite
            }
        }
        b.op(BuiltinOperator.RESHAPE, inputs, new int[] {y}, BuiltinOptions.ReshapeOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("reshapes")
    void reshapeMatchesTflite(DType t, int[][] c, ShapeSource src) throws Exception {
        assertMatchesOracle(reshape(t, c[0], c[1], c[2], src), 31, "RESHAPE " + t);
    }

    /** {input shape, squeeze dims, output shape}. */
    private static final int[][][] SQUEEZES = {
        {{1, 1, 1, 8}, {}, {8}},
        {{1, 1, 1, 8}, {1, 2}, {1, 8}},
        {{2, 1, 3}, {-2}, {2, 3}},
        {{1, 1}, {}, {}},
        {{1, 5, 1, 4, 1}, {0, -1}, {5, 1, 4}},
    };

    static List<Arguments> squeezes() {
        List<Arguments> list = new ArrayList<>();
        for (int[][] c : SQUEEZES) {
            for (DType t : TYPES) {
                list.add(Arguments.of(t, c));
            }
        }
        return list;
    }

    static byte[] squeeze(DType t, int[] in, int[] dims, int[] out) {
        Quantization q = quant(t);
        ModelBuilder b = new ModelBuilder("squeeze");
        int x = b.tensor("x", t, in, q);
        int y = b.tensor("y", t, out, q);
        SqueezeOptionsT o = new SqueezeOptionsT();
        o.setSqueezeDims(dims);
        b.op(BuiltinOperator.SQUEEZE, new int[] {x}, new int[] {y}, BuiltinOptions.SqueezeOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("squeezes")
    void squeezeMatchesTflite(DType t, int[][] c) throws Exception {
        assertMatchesOracle(squeeze(t, c[0], c[1], c[2]), 37, "SQUEEZE " + t);
    }

    @Test
    void refusesBadModels() {
        assertRefused(reshape(DType.FLOAT32, new int[] {2, 3}, new int[] {4, 2}, new int[] {4, 2}, ShapeSource.OPTIONS),
                "RESHAPE", "input tensor 0 'x' FLOAT32[2, 3] has 6 elements but the new shape [4, 2] holds 8");
        assertRefused(reshape(DType.INT8, new int[] {2, 3}, new int[] {-1, -1}, new int[] {6, 1}, ShapeSource.TENSOR),
                "RESHAPE", "more than one -1");
        assertRefused(reshape(DType.FLOAT32, new int[] {2, 3}, new int[] {3, 2}, new int[] {2, 3}, ShapeSource.OPTIONS),
                "RESHAPE", "but output tensor 1 'y'");
        assertRefused(reshape(DType.FLOAT32, new int[] {2, 3}, new int[] {-1, 4}, new int[] {2, 3}, ShapeSource.OPTIONS),
                "RESHAPE", "cannot be reshaped to [-1, 4]");
        assertRefused(squeeze(DType.FLOAT32, new int[] {2, 1, 3}, new int[] {0}, new int[] {1, 3}), "SQUEEZE",
                "has size 2, not 1");
        assertRefused(squeeze(DType.FLOAT32, new int[] {2, 1, 3}, new int[] {3}, new int[] {2, 1, 3}), "SQUEEZE",
                "squeeze dimension 3 is out of range");
        assertRefused(squeeze(DType.FLOAT32, new int[] {2, 1, 3}, new int[] {}, new int[] {2, 1, 3}), "SQUEEZE",
                "should have shape [2, 3]");
    }
}
