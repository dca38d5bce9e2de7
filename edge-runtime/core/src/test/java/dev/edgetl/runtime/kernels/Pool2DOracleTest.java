package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;
import static dev.edgetl.runtime.kernels.LayoutOpModels.quant;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptionsT;

/** AVERAGE_POOL_2D and MAX_POOL_2D against TFLite 2.21: every dtype, padding, stride and fused activation. */
class Pool2DOracleTest {
    /** {batch, h, w, c, filterH, filterW, strideH, strideW, padding}. */
    private static final int[][] GEOMETRIES = {
        {1, 7, 9, 5, 3, 3, 2, 2, Padding.SAME},
        {1, 8, 8, 3, 3, 3, 2, 2, Padding.SAME}, // even input, stride 2: TF's asymmetric padding
        {2, 6, 7, 4, 2, 2, 2, 2, Padding.VALID},
        {1, 9, 6, 6, 3, 2, 1, 2, Padding.SAME},
        {1, 5, 5, 8, 5, 5, 1, 1, Padding.SAME}, // windows clipped on every side: counts from 9 to 25
        {1, 7, 7, 16, 7, 7, 1, 1, Padding.VALID}, // global pooling
        {1, 20, 19, 3, 20, 19, 1, 1, Padding.VALID}, // > 16x16 window: wider accumulators in TFLite
        {1, 4, 11, 2, 1, 4, 1, 3, Padding.VALID},
    };

    private static final byte[] ACTIVATIONS = {ActivationFunctionType.NONE, ActivationFunctionType.RELU,
        ActivationFunctionType.RELU6, ActivationFunctionType.RELU_N1_TO_1};

    static List<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        int k = 0;
        for (int op : new int[] {BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D}) {
            for (DType t : new DType[] {DType.FLOAT32, DType.INT8, DType.UINT8}) {
                for (int[] g : GEOMETRIES) {
                    list.add(Arguments.of(op, t, g, ACTIVATIONS[k++ % ACTIVATIONS.length]));
                }
            }
        }
        return list;
    }

    static byte[] model(int op, DType t, int[] g, byte activation, Quantization q) {
        int outH = g[8] == Padding.SAME ? (g[1] + g[6] - 1) / g[6] : (g[1] - g[4] + g[6]) / g[6];
        int outW = g[8] == Padding.SAME ? (g[2] + g[7] - 1) / g[7] : (g[2] - g[5] + g[7]) / g[7];
        ModelBuilder b = new ModelBuilder("pool");
        int x = b.tensor("x", t, new int[] {g[0], g[1], g[2], g[3]}, q);
        int y = b.tensor("y", t, new int[] {g[0], outH, outW, g[3]}, q);
        Pool2DOptionsT o = new Pool2DOptionsT();
        o.setFilterHeight(g[4]);
        o.setFilterWidth(g[5]);
        o.setStrideH(g[6]);
        o.setStrideW(g[7]);
        o.setPadding((byte) g[8]);
        o.setFusedActivationFunction(activation);
        b.op(op, new int[] {x}, new int[] {y}, BuiltinOptions.Pool2DOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    @ParameterizedTest(name = "{0} {1} {2} act {3}")
    @MethodSource("cases")
    void matchesTflite(int op, DType t, int[] g, byte activation) throws Exception {
        byte[] m = model(op, t, g, activation, quant(t));
        assertMatchesOracle(m, 11 + g[1] * 31 + activation, BuiltinOperator.name(op) + " " + t);
    }

    @Test
    void twoThreadsGiveTheSameBytes() throws Exception {
        int[] g = {2, 13, 11, 7, 3, 3, 2, 2, Padding.SAME};
        for (DType t : new DType[] {DType.FLOAT32, DType.INT8}) {
            for (int op : new int[] {BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D}) {
                assertMatchesOracle(model(op, t, g, ActivationFunctionType.NONE, quant(t)), 5,
                        InterpreterOptions.defaults().withThreads(2), "2 threads");
            }
        }
    }

    @Test
    void refusesBadModels() {
        // Output shape that does not follow from the geometry.
        ModelBuilder b = new ModelBuilder("bad");
        int x = b.tensor("x", DType.FLOAT32, new int[] {1, 6, 6, 2}, Quantization.NONE);
        int y = b.tensor("y", DType.FLOAT32, new int[] {1, 2, 2, 2}, Quantization.NONE);
        Pool2DOptionsT o = new Pool2DOptionsT();
        o.setFilterHeight(3);
        o.setFilterWidth(3);
        o.setStrideH(2);
        o.setStrideW(2);
        o.setPadding(Padding.SAME);
        b.op(BuiltinOperator.AVERAGE_POOL_2D, new int[] {x}, new int[] {y}, BuiltinOptions.Pool2DOptions, o);
        assertRefused(b.inputs(x).outputs(y).build(), "AVERAGE_POOL_2D", "should have shape [1, 3, 3, 2]");
        // Zero stride.
        ModelBuilder b2 = new ModelBuilder("bad");
        int x2 = b2.tensor("x", DType.INT8, new int[] {1, 6, 6, 2}, quant(DType.INT8));
        int y2 = b2.tensor("y", DType.INT8, new int[] {1, 2, 2, 2}, quant(DType.INT8));
        Pool2DOptionsT o2 = new Pool2DOptionsT();
        o2.setFilterHeight(3);
        o2.setFilterWidth(3);
        o2.setStrideW(2);
        b2.op(BuiltinOperator.MAX_POOL_2D, new int[] {x2}, new int[] {y2}, BuiltinOptions.Pool2DOptions, o2);
        assertRefused(b2.inputs(x2).outputs(y2).build(), "MAX_POOL_2D", "must all be positive");
        // Rescaling is not something pooling does.
        ModelBuilder b4 = new ModelBuilder("bad");
        int x4 = b4.tensor("x", DType.UINT8, new int[] {1, 4, 4, 1}, quant(DType.UINT8));
        int y4 = b4.tensor("y", DType.UINT8, new int[] {1, 2, 2, 1}, Quantization.perTensor(0.1f, 128));
        Pool2DOptionsT o4 = new Pool2DOptionsT();
        o4.setFilterHeight(2);
        o4.setFilterWidth(2);
        o4.setStrideH(2);
        o4.setStrideW(2);
        o4.setPadding(Padding.VALID);
        b4.op(BuiltinOperator.AVERAGE_POOL_2D, new int[] {x4}, new int[] {y4}, BuiltinOptions.Pool2DOptions, o4);
        assertRefused(b4.inputs(x4).outputs(y4).build(), "AVERAGE_POOL_2D", "does not rescale");
        // Wrong rank.
        ModelBuilder b3 = new ModelBuilder("bad");
        int x3 = b3.tensor("x", DType.FLOAT32, new int[] {6, 6, 2}, Quantization.NONE);
        int y3 = b3.tensor("y", DType.FLOAT32, new int[] {3, 3, 2}, Quantization.NONE);
        b3.op(BuiltinOperator.MAX_POOL_2D, new int[] {x3}, new int[] {y3}, BuiltinOptions.Pool2DOptions, o);
        assertRefused(b3.inputs(x3).outputs(y3).build(), "MAX_POOL_2D", "must have rank 4");
    }
}
