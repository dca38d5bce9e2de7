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
 */
class ConvFixtureModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v1_0.25_224_float.tflite", "mobilenet_v1_0.25_224_quant.tflite",
        "mobilenet_v1_0.25_128_quant.tflite", "mobilenet_v2_1.0_224_quant.tflite",
        "tf2_mobilenet_v2_1.0_224_ptq.tflite"})
    void wholeModelMatchesTflite(String file) throws Exception {
        byte[] model = Files.readAllBytes(Fixtures.model(file));
        OracleCheck.run(model, 3, InterpreterOptions.defaults().withThreads(2)).assertMatches(1e-5f, file);
    }
}
