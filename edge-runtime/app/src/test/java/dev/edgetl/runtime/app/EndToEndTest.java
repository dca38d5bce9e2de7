package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.image.ImageTensors;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runtime's "done when": real models, real images, the commands users type. */
class EndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    @Test
    void mobileNetV2SaysChickadeeForTheBird() {
        CommandTestSupport r = CommandTestSupport.execute(new RunCommand(),
                "--model", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite").toString(), Fixtures.image("bird.bmp").toString());
        assertThat(r.exit).as(r.toString()).isZero();
        String[] lines = r.out.split("\n");
        assertThat(lines[1].trim()).startsWith("chickadee").contains("(class 20)");
    }

    @ParameterizedTest
    @CsvSource({
        "mobilenet_v2_1.0_224_quant.tflite, bird.bmp, 20",
        "mobilenet_v2_1.0_224_quant.tflite, cat.bmp, 286",
        "mobilenet_v2_1.0_224_quant.tflite, grace_hopper.bmp, 653",
        "tf2_mobilenet_v2_1.0_224_ptq.tflite, grace_hopper.bmp, 653",
        "mobilenet_v1_0.25_224_float.tflite, bird.bmp, 20",
        "mobilenet_v1_0.25_224_quant.tflite, bird.bmp, 20",
        "mobilenet_v1_0.25_128_quant.tflite, bird.bmp, 20",
    })
    void topOneMatchesTheFixtureExpectations(String model, String image, int expected) throws Exception {
        CommandTestSupport r = CommandTestSupport.execute(new RunCommand(), "--model", Fixtures.model(model).toString(),
                "--labels", Fixtures.model("imagenet_labels.txt").toString(), "--top", "1", "--json", Fixtures.image(image).toString());
        assertThat(r.exit).as(r.toString()).isZero();
        JsonNode top = JSON.readTree(r.out).at("/results/0/top/0");
        assertThat(top.get("index").asInt()).as(r.out).isEqualTo(expected);
    }

    @Test
    void rawTensorModeEqualsTensorFlowLiteByteForByte() throws Exception {
        Path modelFile = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite");
        TfliteModel model = ModelReader.read(modelFile);
        byte[] input;
        try (Interpreter interpreter = Interpreter.create(model, InterpreterOptions.defaults())) {
            DecodedImage img = ImageDecoder.read(Fixtures.image("cat.bmp"));
            ImageTensors.fill(interpreter.input(0), img.argb(), img.width(), img.height(), null);
            input = Interpreter.tensorBytes(interpreter.input(0));
        }
        Path in = Files.write(dir.resolve("in.bin"), input);
        Path out = dir.resolve("out.bin");
        CommandTestSupport r = CommandTestSupport.execute(new RunCommand(), "--model", modelFile.toString(),
                "--input-tensor", in.toString(), "--output-tensor", out.toString());
        assertThat(r.exit).as(r.toString()).isZero();
        try (TfliteOracle oracle = TfliteOracle.load(modelFile)) {
            List<byte[]> expected = oracle.run(input);
            assertThat(Files.readAllBytes(out)).isEqualTo(expected.get(0));
        }
    }
}
