package dev.edgetl.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs one model in edge-runtime and in the TFLite oracle on the same inputs and compares the outputs:
 * byte for byte for integer outputs, within a relative tolerance for float outputs.
 */
public final class OracleCheck {
    private OracleCheck() {}

    public static final class Result {
        public final List<byte[]> ours;
        public final List<byte[]> oracle;
        public final TfliteModel model;

        Result(TfliteModel model, List<byte[]> ours, List<byte[]> oracle) {
            this.model = model;
            this.ours = ours;
            this.oracle = oracle;
        }

        /** Integer outputs equal byte for byte; float outputs within {@code relTol} (relative to max |oracle|). */
        public Result assertMatches(float relTol, String label) {
            for (int o = 0; o < ours.size(); o++) {
                TensorSpec spec = model.output(o);
                if (spec.dtype() == DType.FLOAT32) {
                    assertFloatsClose(floats(ours.get(o)), floats(oracle.get(o)), relTol, label + " output " + o);
                } else {
                    assertBytesEqual(ours.get(o), oracle.get(o), spec.dtype(), label + " output " + o);
                }
            }
            return this;
        }
    }

    /** Random inputs from {@code seed}, run both, return both outputs. */
    public static Result run(byte[] modelBytes, long seed, InterpreterOptions options) throws Exception {
        TfliteModel model = ModelReader.read(modelBytes, "test-model");
        Random rnd = new Random(seed);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < model.inputs().length; i++) {
            inputs.add(randomTensorBytes(model.input(i), rnd));
        }
        return run(modelBytes, inputs, options);
    }

    public static Result run(byte[] modelBytes, List<byte[]> inputs, InterpreterOptions options) throws Exception {
        TfliteModel model = ModelReader.read(modelBytes, "test-model");
        List<byte[]> ours = new ArrayList<>();
        try (Interpreter it = Interpreter.create(model, options)) {
            for (int i = 0; i < inputs.size(); i++) {
                it.setInputBytes(i, inputs.get(i));
            }
            it.run();
            for (int o = 0; o < it.outputCount(); o++) {
                ours.add(it.outputBytes(o));
            }
        }
        List<byte[]> theirs;
        try (TfliteOracle oracle = TfliteOracle.load(modelBytes)) {
            theirs = oracle.run(inputs.toArray(new byte[0][]));
        }
        return new Result(model, ours, theirs);
    }

    /** Uniform random contents: floats in [-3, 3], integers over their whole range. */
    public static byte[] randomTensorBytes(TensorSpec t, Random rnd) {
        ByteBuffer bb = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        int n = t.numElements();
        switch (t.dtype()) {
            case FLOAT32:
                for (int k = 0; k < n; k++) {
                    bb.putFloat(rnd.nextFloat() * 6f - 3f);
                }
                break;
            case INT32:
                for (int k = 0; k < n; k++) {
                    bb.putInt(rnd.nextInt(2001) - 1000);
                }
                break;
            default:
                rnd.nextBytes(bb.array());
        }
        return bb.array();
    }

    public static float[] floats(byte[] bytes) {
        float[] f = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    public static void assertFloatsClose(float[] ours, float[] oracle, float relTol, String label) {
        assertThat(ours.length).as(label + " length").isEqualTo(oracle.length);
        float max = 0;
        for (float v : oracle) {
            max = Math.max(max, Math.abs(v));
        }
        float tol = relTol * Math.max(max, 1e-6f);
        for (int k = 0; k < ours.length; k++) {
            if (!(Math.abs(ours[k] - oracle[k]) <= tol)) {
                throw new AssertionError(label + ": element " + k + " is " + ours[k] + ", TFLite says " + oracle[k]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    public static void assertBytesEqual(byte[] ours, byte[] oracle, DType type, String label) {
        assertThat(ours.length).as(label + " length").isEqualTo(oracle.length);
        int diffs = 0;
        int first = -1;
        int maxStep = 0;
        for (int k = 0; k < ours.length; k++) {
            if (ours[k] != oracle[k]) {
                diffs++;
                if (first < 0) {
                    first = k;
                }
                int a = type == DType.UINT8 ? ours[k] & 0xFF : ours[k];
                int b = type == DType.UINT8 ? oracle[k] & 0xFF : oracle[k];
                maxStep = Math.max(maxStep, Math.abs(a - b));
            }
        }
        if (diffs > 0) {
            throw new AssertionError(label + ": " + diffs + " of " + ours.length + " bytes differ from TFLite (first at "
                    + first + ": ours " + ours[first] + ", TFLite " + oracle[first] + "; max " + maxStep + " steps)");
        }
    }
}
