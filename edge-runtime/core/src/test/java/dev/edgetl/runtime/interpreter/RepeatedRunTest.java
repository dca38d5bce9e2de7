package dev.edgetl.runtime.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.OracleCheck;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs are set once and the model is run many times (benchmarks, video frames with unchanged input): every
 * run must give the same output, so the arena must never reuse the memory of a graph input (TFLite preserves
 * inputs the same way).
 */
class RepeatedRunTest {
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v1_0.25_128_quant.tflite", "mobilenet_v1_0.25_224_float.tflite",
        "tf2_mobilenet_v2_1.0_224_ptq.tflite"})
    void runningTwiceOnTheSameInputGivesTheSameOutput(String file) throws Exception {
        TfliteModel model = ModelReader.read(Fixtures.model(file));
        try (Interpreter it = Interpreter.create(model, InterpreterOptions.defaults())) {
            byte[] in = OracleCheck.randomTensorBytes(model.input(0), new Random(3));
            it.setInputBytes(0, in);
            it.run();
            byte[] first = it.outputBytes(0);
            it.run();
            assertThat(it.outputBytes(0)).as("output of the second run").isEqualTo(first);
            assertThat(Interpreter.tensorBytes(it.input(0))).as("input after two runs").isEqualTo(in);
        }
    }
}
