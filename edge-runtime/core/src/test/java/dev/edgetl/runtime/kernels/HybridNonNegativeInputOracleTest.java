package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.ConvModels.Case;
import dev.edgetl.runtime.kernels.ConvModels.Kind;
import dev.edgetl.runtime.kernels.ConvModels.Op;
import dev.edgetl.runtime.testing.OracleCheck;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hybrid kernels on non-negative inputs (what follows a ReLU6 in a dynamic-range MobileNet): the asymmetric input
 * quantization then has zero point -128, and TFLite rounds {@code -128 + x / scale} in float, which differs from
 * rounding {@code x / scale} first on values whose low bits the addition drops.
 */
class HybridNonNegativeInputOracleTest {
    static List<Case> cases() {
        return List.of(
                new Case(Op.CONV, Kind.HYBRID_PER_CHANNEL, 1, 20, 20, 32, 24, 1, 1, 1, 1, 0, 3, true, 41),
                new Case(Op.CONV, Kind.HYBRID_PER_CHANNEL, 1, 15, 15, 16, 8, 3, 3, 2, 1, 0, 1, true, 42),
                new Case(Op.DEPTHWISE, Kind.HYBRID_PER_CHANNEL, 1, 24, 24, 32, 1, 3, 3, 1, 1, 0, 3, true, 43),
                new Case(Op.FC, Kind.HYBRID_ASYMMETRIC, 2, 1, 1, 400, 50, 1, 1, 1, 1, 0, 0, true, 44));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTflite(Case c) throws Exception {
        byte[] model = ConvModels.build(c);
        TensorSpec in = ModelReader.read(model, "hybrid").input(0);
        Random rnd = new Random(c.seed());
        ByteBuffer bb = ByteBuffer.allocate(4 * in.numElements()).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < in.numElements(); k++) {
            float v;
            if (k == 0) {
                v = 255f; // max 255: scale 1, so x / scale is x itself
            } else if (k % 3 == 0) {
                // just above a half: x rounds up, but -128 + x in float is exactly m - 127.5 and rounds away
                v = Math.nextUp(rnd.nextInt(120) + 0.5f);
            } else {
                v = rnd.nextInt(5) == 0 ? 0f : 255f * rnd.nextFloat();
            }
            bb.putFloat(v);
        }
        for (boolean reference : new boolean[] {true, false}) {
            OracleCheck.run(model, List.of(bb.array()), InterpreterOptions.defaults().withReferenceKernels(reference))
                    .assertMatches(ConvOracleTest.FLOAT_TOLERANCE, (reference ? "reference " : "optimised ") + c);
        }
    }
}
