package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.SoftmaxOptionsT;

/** ADD, SOFTMAX, RELU*, QUANTIZE and DEQUANTIZE against TensorFlow Lite 2.21 on random inputs. */
class ArithmeticOracleTest {
    static Quantization q(DType t, float scale, int zp) {
        return t == DType.FLOAT32 ? Quantization.NONE : Quantization.perTensor(scale, zp);
    }

    static byte[] add(DType t, int[] a, int[] b, int[] out, int fused, float sa, int za, float sb, int zb, float so,
            int zo) {
        ModelBuilder m = new ModelBuilder("add");
        int x = m.tensor("a", t, a, q(t, sa, za));
        int y = m.tensor("b", t, b, q(t, sb, zb));
        int o = m.tensor("out", t, out, q(t, so, zo));
        AddOptionsT opt = new AddOptionsT();
        opt.setFusedActivationFunction((byte) fused);
        m.op(BuiltinOperator.ADD, t == DType.INT8 ? 2 : 1, new int[] {x, y}, new int[] {o}, BuiltinOptions.AddOptions,
                opt);
        return m.inputs(x, y).outputs(o).build();
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @CsvSource({"FLOAT32,0", "FLOAT32,1", "FLOAT32,3", "UINT8,0", "UINT8,1", "UINT8,3", "INT8,0", "INT8,1", "INT8,3"})
    void addSameShapeAndBroadcast(DType t, int fused) throws Exception {
        int[] full = {1, 5, 7, 6};
        float[][] scales = {{0.02f, 0.05f, 0.04f}, {0.1f, 0.013f, 0.2f}, {0.5f, 0.5f, 0.01f}};
        int[][] zps = t == DType.UINT8 ? new int[][] {{128, 100, 130}, {0, 255, 7}, {3, 250, 128}}
                : new int[][] {{0, -10, 5}, {-128, 127, -3}, {60, -60, 0}};
        for (int s = 0; s < scales.length; s++) {
            float[] sc = scales[s];
            int[] zp = zps[s];
            assertMatchesOracle(add(t, full, full, full, fused, sc[0], zp[0], sc[1], zp[1], sc[2], zp[2]), s,
                    t + " same shape " + s);
            assertMatchesOracle(add(t, full, new int[] {1, 1, 1, 6}, full, fused, sc[0], zp[0], sc[1], zp[1], sc[2],
                    zp[2]), s, t + " channel broadcast " + s);
            assertMatchesOracle(add(t, new int[] {1}, full, full, fused, sc[0], zp[0], sc[1], zp[1], sc[2], zp[2]), s,
                    t + " scalar broadcast " + s);
            assertMatchesOracle(add(t, new int[] {1, 5, 1, 6}, new int[] {1, 1, 7, 1}, full, fused, sc[0], zp[0],
                    sc[1], zp[1], sc[2], zp[2]), s, t + " two-sided broadcast " + s);
        }
    }

    static byte[] softmax(DType t, int[] shape, float beta, float inScale, int inZp) {
        ModelBuilder m = new ModelBuilder("softmax");
        int x = m.tensor("x", t, shape, q(t, inScale, inZp));
        int o = m.tensor("y", t, shape, q(t, 1f / 256, t == DType.INT8 ? -128 : 0));
        SoftmaxOptionsT opt = new SoftmaxOptionsT();
        opt.setBeta(beta);
        m.op(BuiltinOperator.SOFTMAX, t == DType.INT8 ? 2 : 1, new int[] {x}, new int[] {o},
                BuiltinOptions.SoftmaxOptions, opt);
        return m.inputs(x).outputs(o).build();
    }

    @ParameterizedTest(name = "{0} beta={1} scale={2}")
    @CsvSource({"FLOAT32,1.0,1", "FLOAT32,0.5,1", "UINT8,1.0,0.1", "UINT8,1.0,0.0625", "UINT8,0.7,0.25",
        "INT8,1.0,0.1", "INT8,1.0,0.0625", "INT8,2.0,0.03"})
    void softmax(DType t, float beta, float scale) throws Exception {
        assertMatchesOracle(softmax(t, new int[] {1, 1001}, beta, scale, t == DType.UINT8 ? 60 : -10), 1,
                t + " 1001 classes");
        assertMatchesOracle(softmax(t, new int[] {3, 4, 10}, beta, scale, t == DType.UINT8 ? 128 : 0), 2,
                t + " rows");
    }

    static byte[] unary(int op, DType in, Quantization qin, DType out, Quantization qout, int[] shape) {
        ModelBuilder m = new ModelBuilder("unary");
        int x = m.tensor("x", in, shape, qin);
        int o = m.tensor("y", out, shape, qout);
        m.op(op, new int[] {x}, new int[] {o}, BuiltinOptions.NONE, null);
        return m.inputs(x).outputs(o).build();
    }

    @Test
    void quantizeFromFloatAndRequantize() throws Exception {
        int[] shape = {1, 4, 4, 8};
        assertMatchesOracle(unary(BuiltinOperator.QUANTIZE, DType.FLOAT32, Quantization.NONE, DType.INT8,
                Quantization.perTensor(0.0237f, -7), shape), 1, "float to int8");
        assertMatchesOracle(unary(BuiltinOperator.QUANTIZE, DType.FLOAT32, Quantization.NONE, DType.UINT8,
                Quantization.perTensor(0.0113f, 131), shape), 2, "float to uint8");
        assertMatchesOracle(unary(BuiltinOperator.QUANTIZE, DType.UINT8, Quantization.perTensor(0.0078431f, 127),
                DType.INT8, Quantization.perTensor(0.0078431f, -1), shape), 3, "uint8 to int8 same scale");
        assertMatchesOracle(unary(BuiltinOperator.QUANTIZE, DType.INT8, Quantization.perTensor(0.00390625f, -128),
                DType.UINT8, Quantization.perTensor(0.00390625f, 0), shape), 4, "int8 to uint8 same scale");
        assertMatchesOracle(unary(BuiltinOperator.QUANTIZE, DType.INT8, Quantization.perTensor(0.05f, 3),
                DType.INT8, Quantization.perTensor(0.021f, -9), shape), 5, "int8 rescale");
    }

    @Test
    void dequantize() throws Exception {
        int[] shape = {2, 3, 5};
        assertMatchesOracle(unary(BuiltinOperator.DEQUANTIZE, DType.INT8, Quantization.perTensor(0.031f, -3),
                DType.FLOAT32, Quantization.NONE, shape), 1, "int8");
        assertMatchesOracle(unary(BuiltinOperator.DEQUANTIZE, DType.UINT8, Quantization.perTensor(0.7f, 128),
                DType.FLOAT32, Quantization.NONE, shape), 2, "uint8");
    }

    @Test
    void dequantizeOfFloat16ConstantIsFoldedAndExact() throws Exception {
        int[] shape = {1, 3, 3, 4};
        int n = 36;
        ByteBuffer half = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = {0x3C00, (short) 0xBC00, 0x3555, 0x0001, (short) 0x8200, 0x7BFF, (short) 0xFBFF, 0x0000};
        for (int k = 0; k < n; k++) {
            half.putShort(k < samples.length ? samples[k] : (short) (0x2000 + 97 * k));
        }
        ModelBuilder m = new ModelBuilder("fp16");
        int w = m.constant("w16", DType.FLOAT16, shape, Quantization.NONE, half.array());
        int wf = m.tensor("w", DType.FLOAT32, shape, Quantization.NONE);
        int x = m.tensor("x", DType.FLOAT32, shape, Quantization.NONE);
        int o = m.tensor("y", DType.FLOAT32, shape, Quantization.NONE);
        m.op(BuiltinOperator.DEQUANTIZE, 3, new int[] {w}, new int[] {wf}, BuiltinOptions.NONE, null);
        m.op(BuiltinOperator.ADD, new int[] {x, wf}, new int[] {o}, BuiltinOptions.AddOptions, new AddOptionsT());
        assertMatchesOracle(m.inputs(x).outputs(o).build(), 7, "fp16 weights + input");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FLOAT32,RELU", "FLOAT32,RELU6", "FLOAT32,RELU_N1_TO_1", "UINT8,RELU", "UINT8,RELU6", "INT8,RELU",
        "INT8,RELU6", "INT8,RELU_N1_TO_1"})
    void relus(DType t, String opName) throws Exception {
        int op = opName.equals("RELU") ? BuiltinOperator.RELU
                : opName.equals("RELU6") ? BuiltinOperator.RELU6 : BuiltinOperator.RELU_N1_TO_1;
        int zp = t == DType.UINT8 ? 120 : -5;
        int[] shape = {1, 6, 6, 5};
        assertMatchesOracle(unary(op, t, q(t, 0.05f, zp), t, q(t, 0.05f, zp), shape), 1, t + " same scale");
        assertMatchesOracle(unary(op, t, q(t, 0.05f, zp), t, q(t, 0.027f, zp / 2), shape), 2, t + " rescale");
    }

    @Test
    void refusesMixedTypesAndMissingQuantization() {
        ModelBuilder m = new ModelBuilder("bad add");
        int x = m.tensor("a", DType.INT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        int y = m.tensor("b", DType.FLOAT32, new int[] {4}, Quantization.NONE);
        int o = m.tensor("out", DType.INT8, new int[] {4}, Quantization.perTensor(0.1f, 0));
        m.op(BuiltinOperator.ADD, new int[] {x, y}, new int[] {o}, BuiltinOptions.AddOptions, new AddOptionsT());
        assertRefused(m.inputs(x, y).outputs(o).build(), "ADD", "input 1");

        byte[] noQuant = unary(BuiltinOperator.SOFTMAX, DType.UINT8, Quantization.NONE, DType.UINT8,
                Quantization.perTensor(1f / 256, 0), new int[] {1, 10});
        assertRefused(noQuant, "SOFTMAX", "no quantization parameters");
    }
}
