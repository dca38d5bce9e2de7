package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;
import static dev.edgetl.runtime.kernels.LayoutOpModels.oracleRefuses;
import static dev.edgetl.runtime.kernels.LayoutOpModels.quant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.OracleCheck;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptionsT;

/** CONCATENATION against TFLite 2.21: every axis, dtype, and uint8 requantization of inputs. */
class ConcatenationOracleTest {
    private static final int[] BASE = {2, 3, 4, 5};

    static List<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT32, DType.INT64, DType.INT16}) {
            for (int axis : new int[] {0, 1, 2, 3, -1, -3}) {
                list.add(Arguments.of(t, axis, 2 + Math.floorMod(axis, 3)));
            }
        }
        return list;
    }

    /** {@code n} inputs that differ along {@code axis} (sizes 1, 2, 3 ...). */
    static byte[] model(DType t, int axis, int n, Quantization[] qin, Quantization qout, byte activation) {
        ModelBuilder b = new ModelBuilder("concat");
        int a = axis < 0 ? axis + BASE.length : axis;
        int[] ins = new int[n];
        int total = 0;
        for (int k = 0; k < n; k++) {
            int[] s = BASE.clone();
            s[a] = k + 1;
            total += k + 1;
            ins[k] = b.tensor("x" + k, t, s, qin[k]);
        }
        int[] os = BASE.clone();
        os[a] = total;
        int y = b.tensor("y", t, os, qout);
        ConcatenationOptionsT o = new ConcatenationOptionsT();
        o.setAxis(axis);
        o.setFusedActivationFunction(activation);
        b.op(BuiltinOperator.CONCATENATION, ins, new int[] {y}, BuiltinOptions.ConcatenationOptions, o);
        return b.inputs(ins).outputs(y).build();
    }

    private static Quantization[] same(Quantization q, int n) {
        Quantization[] qs = new Quantization[n];
        java.util.Arrays.fill(qs, q);
        return qs;
    }

    @ParameterizedTest(name = "{0} axis {1} inputs {2}")
    @MethodSource("cases")
    void matchesTflite(DType t, int axis, int n) throws Exception {
        Quantization q = t == DType.INT16 ? Quantization.perTensor(0.01f, 0) : quant(t);
        assertMatchesOracle(model(t, axis, n, same(q, n), q, ActivationFunctionType.NONE), 3 + axis,
                "CONCATENATION " + t + " axis " + axis);
    }

    @Test
    void requantizesUint8InputsLikeTflite() throws Exception {
        Quantization out = Quantization.perTensor(0.047f, 121);
        Quantization[][] sets = {
            {Quantization.perTensor(0.047f, 121), Quantization.perTensor(0.02f, 3), Quantization.perTensor(0.1f, 250)},
            {Quantization.perTensor(0.094f, 121), Quantization.perTensor(0.0235f, 121), out}, // exact halves: ties
            {Quantization.perTensor(0.5f, 128), Quantization.perTensor(0.047f, 0), Quantization.perTensor(0.001f, 77)},
        };
        int seed = 0;
        for (Quantization[] qs : sets) {
            for (int axis : new int[] {3, 1, 0}) {
                assertMatchesOracle(model(DType.UINT8, axis, 3, qs, out, ActivationFunctionType.NONE), seed++,
                        "CONCATENATION uint8 requantize axis " + axis);
            }
        }
    }

    @Test
    void int8WithDifferentScalesIsRefusedLikeTflite() {
        Quantization q = quant(DType.INT8);
        byte[] m = model(DType.INT8, 3, 2, new Quantization[] {q, Quantization.perTensor(0.1f, 0)}, q,
                ActivationFunctionType.NONE);
        assertThat(oracleRefuses(m)).isTrue();
        assertRefused(m, "CONCATENATION", "does not rescale");
    }

    /** TFLite refuses a fused activation on CONCATENATION; ours equals TFLite's CONCATENATION + activation op. */
    @Test
    void fusedActivationEqualsConcatenationThenActivation() throws Exception {
        int seed = 40;
        for (DType t : new DType[] {DType.FLOAT32, DType.UINT8, DType.INT8}) {
            for (byte act : new byte[] {ActivationFunctionType.RELU, ActivationFunctionType.RELU6}) {
                Quantization q = quant(t);
                Quantization[] qs = same(q, 2);
                if (t == DType.UINT8) {
                    qs[1] = Quantization.perTensor(0.02f, 10);
                }
                byte[] fused = model(t, 3, 2, qs, q, act);
                assertThat(oracleRefuses(fused)).isTrue();
                byte[] unfused = withActivationOp(t, qs, q, act);
                Random rnd = new Random(seed++);
                var spec = ModelReader.read(fused, "fused");
                List<byte[]> inputs = List.of(OracleCheck.randomTensorBytes(spec.input(0), rnd),
                        OracleCheck.randomTensorBytes(spec.input(1), rnd));
                byte[] ours;
                try (Interpreter it = Interpreter.create(spec, InterpreterOptions.defaults())) {
                    it.setInputBytes(0, inputs.get(0));
                    it.setInputBytes(1, inputs.get(1));
                    it.run();
                    ours = it.outputBytes(0);
                }
                byte[] theirs;
                try (TfliteOracle o = TfliteOracle.load(unfused)) {
                    theirs = o.run(inputs.get(0), inputs.get(1)).get(0);
                }
                if (t == DType.FLOAT32) {
                    OracleCheck.assertFloatsClose(OracleCheck.floats(ours), OracleCheck.floats(theirs), 0f, "fused " + act);
                } else {
                    OracleCheck.assertBytesEqual(ours, theirs, t, "fused " + t + " " + act);
                }
            }
        }
    }

    private static byte[] withActivationOp(DType t, Quantization[] qs, Quantization q, byte act) {
        ModelBuilder b = new ModelBuilder("concat+act");
        int x0 = b.tensor("x0", t, new int[] {2, 3, 4, 1}, qs[0]);
        int x1 = b.tensor("x1", t, new int[] {2, 3, 4, 2}, qs[1]);
        int c = b.tensor("c", t, new int[] {2, 3, 4, 3}, q);
        int y = b.tensor("y", t, new int[] {2, 3, 4, 3}, q);
        ConcatenationOptionsT o = new ConcatenationOptionsT();
        o.setAxis(3);
        b.op(BuiltinOperator.CONCATENATION, new int[] {x0, x1}, new int[] {c}, BuiltinOptions.ConcatenationOptions, o);
        int code = act == ActivationFunctionType.RELU ? BuiltinOperator.RELU : BuiltinOperator.RELU6;
        b.op(code, new int[] {c}, new int[] {y}, BuiltinOptions.NONE, null);
        return b.inputs(x0, x1).outputs(y).build();
    }

    @Test
    void refusesBadModels() {
        Quantization q = Quantization.NONE;
        ModelBuilder b = new ModelBuilder("bad");
        int x0 = b.tensor("x0", DType.FLOAT32, new int[] {2, 3}, q);
        int x1 = b.tensor("x1", DType.FLOAT32, new int[] {3, 3}, q);
        int y = b.tensor("y", DType.FLOAT32, new int[] {2, 6}, q);
        ConcatenationOptionsT o = new ConcatenationOptionsT();
        o.setAxis(1);
        b.op(BuiltinOperator.CONCATENATION, new int[] {x0, x1}, new int[] {y}, BuiltinOptions.ConcatenationOptions, o);
        assertRefused(b.inputs(x0, x1).outputs(y).build(), "CONCATENATION", "not the concatenation axis");
        ModelBuilder b2 = new ModelBuilder("bad");
        int a0 = b2.tensor("x0", DType.FLOAT32, new int[] {2, 3}, q);
        int a1 = b2.tensor("x1", DType.FLOAT32, new int[] {2, 3}, q);
        int y2 = b2.tensor("y", DType.FLOAT32, new int[] {2, 5}, q);
        b2.op(BuiltinOperator.CONCATENATION, new int[] {a0, a1}, new int[] {y2}, BuiltinOptions.ConcatenationOptions, o);
        assertRefused(b2.inputs(a0, a1).outputs(y2).build(), "CONCATENATION", "should have shape [2, 6]");
        ModelBuilder b3 = new ModelBuilder("bad");
        int c0 = b3.tensor("x0", DType.FLOAT32, new int[] {2, 3}, q);
        int c1 = b3.tensor("x1", DType.FLOAT32, new int[] {2, 3}, q);
        int y3 = b3.tensor("y", DType.FLOAT32, new int[] {2, 6}, q);
        ConcatenationOptionsT o3 = new ConcatenationOptionsT();
        o3.setAxis(2);
        b3.op(BuiltinOperator.CONCATENATION, new int[] {c0, c1}, new int[] {y3}, BuiltinOptions.ConcatenationOptions, o3);
        assertRefused(b3.inputs(c0, c1).outputs(y3).build(), "CONCATENATION", "axis 2 is out of range");
    }
}
