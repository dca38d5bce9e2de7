package dev.edgetl.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.OracleCheck;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds single-operator models for the layout kernel tests and compares them with the TFLite oracle. */
final class LayoutOpModels {
    static final float FLOAT_TOLERANCE = 1e-5f;

    private LayoutOpModels() {}

    /** Typical activation quantization for a type: an off-centre zero point so that rounding paths are hit. */
    static Quantization quant(DType t, float scale, int zeroPoint) {
        return t.isQuantized8() ? Quantization.perTensor(scale, zeroPoint) : Quantization.NONE;
    }

    static Quantization quant(DType t) {
        return quant(t, 0.05f, t == DType.UINT8 ? 131 : -7);
    }

    static int constInts(ModelBuilder b, String name, int[] shape, int[] values, DType type) {
        if (type == DType.INT32) {
            return b.constantInt32(name, shape, values, Quantization.NONE);
        }
        ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            bb.putLong(v);
        }
        return b.constant(name, DType.INT64, shape, Quantization.NONE, bb.array());
    }

    /** Runs ours and TFLite on random inputs; integer outputs byte-exact, float within 1e-5 relative. */
    static void assertMatchesOracle(byte[] model, long seed, String label) throws Exception {
        OracleCheck.run(model, seed, InterpreterOptions.defaults()).assertMatches(FLOAT_TOLERANCE, label);
    }

    static void assertMatchesOracle(byte[] model, long seed, InterpreterOptions options, String label)
            throws Exception {
        OracleCheck.run(model, seed, options).assertMatches(FLOAT_TOLERANCE, label);
    }

    /** Our interpreter refuses the model with a message naming the operator and containing {@code fragment}. */
    static void assertRefused(byte[] model, String opName, String fragment) {
        assertThatThrownBy(() -> Interpreter.create(ModelReader.read(model, "bad-model"), InterpreterOptions.defaults()))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(opName)
                .hasMessageContaining(fragment);
    }

    /** True when TFLite itself refuses to prepare the model. */
    static boolean oracleRefuses(byte[] model) {
        try (TfliteOracle o = TfliteOracle.load(model)) {
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
