package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.OracleCheck;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole fixture models (MobileNets: every conv, depthwise and FC shape Google's converter writes) through the
 * optimised kernels (2 threads) against TFLite 2.21: byte-exact for the 8-bit models, 1e-5 for the float one.
 *
 * <p>Not listed yet: mobilenet_v1_0.25_224_quant (3 of 1001 output bytes 1 step off) and
 * tf2_mobilenet_v2_1.0_224_ptq (8 of 1001 bytes, up to 6 steps); the per-op oracle tests of CONV_2D,
 * DEPTHWISE_CONV_2D and FULLY_CONNECTED all pass, so the layer at fault is still to be found (the model's
 * other ops, e.g. AVERAGE_POOL_2D/MEAN/SOFTMAX, are candidates as much as ours).
 */
class ConvFixtureModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v1_0.25_224_float.tflite", "mobilenet_v1_0.25_128_quant.tflite",
        "mobilenet_v2_1.0_224_quant.tflite"})
    void wholeModelMatchesTflite(String file) throws Exception {
        byte[] model = Files.readAllBytes(Fixtures.model(file));
        OracleCheck.run(model, 3, InterpreterOptions.defaults().withThreads(2)).assertMatches(1e-5f, file);
    }
}
