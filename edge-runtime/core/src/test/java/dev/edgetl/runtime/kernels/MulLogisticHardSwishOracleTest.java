package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.MulOptionsT;

/** MUL, LOGISTIC and HARD_SWISH against TensorFlow Lite 2.21 on random inputs: 8-bit byte-exact. */
class MulLogisticHardSwishOracleTest {
    static Quantization q(DType t, float scale, int zp) {
        return t == DType.FLOAT32 ? Quantization.NONE : Quantization.perTensor(scale, zp);
    }

    static byte[] mul(DType t, int[] a, int[] b, int[] out, int fused, float sa, int za, float sb, int zb, float so,
            int zo) {
        ModelBuilder m = new ModelBuilder("mul");
        int x = m.tensor("a", t, a, q(t, sa, za));
        int y = m.tensor("b", t, b, q(t, sb, zb));
        int o = m.tensor("out", t, out, q(t, so, zo));
        MulOptionsT opt = new MulOptionsT();
        opt.setFusedActivationFunction((byte) fused);
        m.op(BuiltinOperator.MUL, t == DType.INT8 ? 2 : 1, new int[] {x, y}, new int[] {o}, BuiltinOptions.MulOptions,
                opt);
        return m.inputs(x, y).outputs(o).build();
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @CsvSource({"FLOAT32,0", "FLOAT32,1", "FLOAT32,2", "FLOAT32,3", "UINT8,0", "UINT8,1", "UINT8,2", "UINT8,3",
        "INT8,0", "INT8,1", "INT8,2", "INT8,3"})
    void mulSameShapeAndBroadcast(DType t, int fused) throws Exception {
        int[] full = {1, 5, 7, 6};
        // Output scales both below and above the product of the input scales (multiplier < 1 and > 1).
        float[][] scales = {{0.02f, 0.05f, 0.004f}, {0.1f, 0.013f, 0.2f}, {0.5f, 0.5f, 0.01f},
            {0.0078431f, 0.0235294f, 0.00071f}};
        int[][] zps = t == DType.UINT8 ? new int[][] {{128, 100, 130}, {0, 255, 7}, {3, 250, 128}, {127, 0, 200}}
                : new int[][] {{0, -10, 5}, {-128, 127, -3}, {60, -60, 0}, {-1, -128, 90}};
        for (int s = 0; s < scales.length; s++) {
            float[] sc = scales[s];
            int[] zp = zps[s];
            assertMatchesOracle(mul(t, full, full, full, fused, sc[0], zp[0], sc[1], zp[1], sc[2], zp[2]), s,
                    t + " same shape " + s);
            assertMatchesOracle(mul(t, full, new int[] {1, 1, 1, 6}, full, fused, sc[0], zp[0], sc[1], zp[1], sc[2],
                    zp[2]), s, t + " channel broadcast " + s);
            assertMatchesOracle(mul(t, new int[] {1}, full, full, fused, sc[0], zp[0], sc[1], zp[1], sc[2], zp[2]), s,
                    t + " scalar broadcast " + s);
            assertMatchesOracle(mul(t, new int[] {1, 5, 1, 6}, new int[] {1, 1, 7, 1}, full, fused, sc[0], zp[0],
                    sc[1], zp[1], sc[2], zp[2]), s, t + " two-sided broadcast " + s);
            assertMatchesOracle(mul(t, new int[] {2, 1, 3, 1, 4}, new int[] {3, 5, 1}, new int[] {2, 1, 3, 5, 4},
                    fused, sc[0], zp[0], sc[1], zp[1], sc[2], zp[2]), s, t + " 5-D broadcast " + s);
        }
    }

    /**
     * Scales for which the multiplier computed from the float product of the scales differs from the double one
     * (1691143424 vs 1691143353, shift -3) on about 1 of 500 input pairs: a large random tensor tells them apart.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"INT8", "UINT8"})
    void mulRescalesWithTheFloatProductOfTheScales(DType t) throws Exception {
        int[] shape = {1, 64, 64, 16};
        int zp = t == DType.INT8 ? 0 : 128;
        assertMatchesOracle(mul(t, shape, shape, shape, 0, 0.037449054f, zp, 0.02380292f, zp, 0.00905546f, zp), 11,
                t + " float scale product");
    }

    @ParameterizedTest(name = "fused={0}")
    @CsvSource({"0", "1", "3"})
    void mulInt32(int fused) throws Exception {
        int[] full = {2, 3, 4};
        assertMatchesOracle(mul(DType.INT32, full, full, full, fused, 1, 0, 1, 0, 1, 0), 5, "int32 same shape");
        assertMatchesOracle(mul(DType.INT32, full, new int[] {4}, full, fused, 1, 0, 1, 0, 1, 0), 6,
                "int32 broadcast");
    }

    @Test
    void mulRefusesMismatchedTypesAndShapes() {
        ModelBuilder m = new ModelBuilder("bad mul");
        int x = m.tensor("a", DType.INT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        int y = m.tensor("b", DType.UINT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        int o = m.tensor("out", DType.INT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        m.op(BuiltinOperator.MUL, 2, new int[] {x, y}, new int[] {o}, BuiltinOptions.MulOptions, new MulOptionsT());
        assertRefused(m.inputs(x, y).outputs(o).build(), "MUL", "input 1");

        assertRefused(mul(DType.FLOAT32, new int[] {1, 3}, new int[] {1, 4}, new int[] {1, 4}, 0, 1, 0, 1, 0, 1, 0),
                "MUL", "cannot be broadcast");
        assertRefused(mul(DType.FLOAT32, new int[] {2, 3}, new int[] {1, 3}, new int[] {3, 3}, 0, 1, 0, 1, 0, 1, 0),
                "MUL", "broadcast shape");

        ModelBuilder n = new ModelBuilder("unquantized mul");
        int a = n.tensor("a", DType.UINT8, new int[] {4}, Quantization.NONE);
        int b = n.tensor("b", DType.UINT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        int c = n.tensor("out", DType.UINT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        n.op(BuiltinOperator.MUL, new int[] {a, b}, new int[] {c}, BuiltinOptions.MulOptions, new MulOptionsT());
        assertRefused(n.inputs(a, b).outputs(c).build(), "MUL", "no quantization parameters");
    }

    static byte[] unary(int op, DType t, int[] shape, float inScale, int inZp, float outScale, int outZp) {
        ModelBuilder m = new ModelBuilder("unary");
        int x = m.tensor("x", t, shape, q(t, inScale, inZp));
        int o = m.tensor("y", t, shape, q(t, outScale, outZp));
        // TFLite registers HARD_SWISH only as version 1, for every type.
        int version = t == DType.INT8 && op != BuiltinOperator.HARD_SWISH ? 2 : 1;
        m.op(op, version, new int[] {x}, new int[] {o}, BuiltinOptions.NONE, null);
        return m.inputs(x).outputs(o).build();
    }

    /** Enough elements that random inputs hit (nearly) every one of the 256 possible 8-bit values. */
    static final int[] ACTIVATION_SHAPE = {1, 16, 16, 8};

    @ParameterizedTest(name = "{0} scale={1} zp={2} out zp={3}")
    @CsvSource({"FLOAT32,1,0,0", "UINT8,0.1,128,0", "UINT8,0.0625,0,0", "UINT8,0.0235,200,0", "UINT8,0.5,100,0",
        "INT8,0.1,0,-128", "INT8,0.0625,-128,-128", "INT8,0.0235,40,-128", "INT8,0.5,-7,-128", "INT8,0.003,3,-128",
        // TFLite's default (table) kernel accepts any output zero point; the table clamps.
        "UINT8,0.05,128,30", "INT8,0.05,0,-100"})
    void logistic(DType t, float scale, int zp, int outZp) throws Exception {
        assertMatchesOracle(unary(BuiltinOperator.LOGISTIC, t, ACTIVATION_SHAPE, scale, zp, 1f / 256, outZp), 3,
                t + " logistic");
    }

    @Test
    void logisticRefusesAnOutputScaleOtherThanOneOver256() {
        assertRefused(unary(BuiltinOperator.LOGISTIC, DType.INT8, ACTIVATION_SHAPE, 0.1f, 0, 1f / 128, -128),
                "LOGISTIC", "1/256");
        assertRefused(unary(BuiltinOperator.LOGISTIC, DType.INT32, ACTIVATION_SHAPE, 0.1f, 0, 1f / 256, 0),
                "LOGISTIC", "input");
    }

    @ParameterizedTest(name = "{0} in={1},{2} out={3},{4}")
    @CsvSource({"FLOAT32,1,0,1,0", "UINT8,0.05,128,0.03,20", "UINT8,0.1,100,0.1,30", "UINT8,0.0235,60,0.0471,3",
        "UINT8,0.5,200,0.2,128", "UINT8,0.01,0,0.008,0", "INT8,0.05,0,0.03,-108", "INT8,0.1,-28,0.1,-98",
        "INT8,0.0235,-68,0.0471,-125", "INT8,0.5,72,0.2,0", "INT8,0.01,-128,0.008,-128", "INT8,0.2,-3,0.002,5",
        // Output multipliers with shift 0. In the uint8 case the largest inputs reach 32640 before the zero point
        // is added in int16, which wraps to negative and clamps to 0 in TFLite.
        "INT8,0.5,0,0.005,100", "UINT8,0.5,0,0.0039066,200"})
    void hardSwish(DType t, float inScale, int inZp, float outScale, int outZp) throws Exception {
        assertMatchesOracle(unary(BuiltinOperator.HARD_SWISH, t, ACTIVATION_SHAPE, inScale, inZp, outScale, outZp), 4,
                t + " hard swish");
    }

    @Test
    void hardSwishRefusesBadTypes() {
        ModelBuilder m = new ModelBuilder("bad hard swish");
        int x = m.tensor("x", DType.INT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        int o = m.tensor("y", DType.UINT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        m.op(BuiltinOperator.HARD_SWISH, 1, new int[] {x}, new int[] {o}, BuiltinOptions.NONE, null);
        assertRefused(m.inputs(x).outputs(o).build(), "HARD_SWISH", "output");
        assertRefused(unary(BuiltinOperator.HARD_SWISH, DType.INT8, new int[] {4}, 0.1f, 0, 0.0001f, 0),
                "HARD_SWISH", "output scale");
    }
}
