package dev.edgetl.softsensor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.BuiltinOperator;
import picocli.CommandLine;

class SensorCommandTest {
    @TempDir Path out;

    record Run(int code, String stdout, String stderr) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new SensorCommand()).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void trainsAnLstmOnTheDebutanizerAndWritesAFusedLstmModel() throws Exception {
        Path data = Fixtures.require("softsensor/derived/debutanizer.csv");
        Run r = run("train", "--data", data.toString(), "--inputs", "u1,u2,u3,u4,u5,u6,u7,y@4", "--target", "y",
                "--window", "10", "--model", "lstm", "--hidden", "8", "--epochs", "3", "--no-progress", "--json",
                "--out", out.toString());
        assertThat(r.code()).as(r.stderr()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(r.stdout());
        assertThat(metrics.get("test").get("y").get("r2").isNumber()).isTrue();
        assertThat(metrics.get("epochs").asInt()).isEqualTo(3);
        for (String f : new String[] {"model.tflite", "model.json", "calibration.npy", "report.json", "report.html"}) {
            assertThat(out.resolve(f)).exists();
        }
        TfliteModel m = ModelReader.read(out.resolve("model.tflite"));
        assertThat(m.operators().get(0).builtinCode()).isEqualTo(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM);
        assertThat(m.operators().get(0).inputs()).hasSize(24);
        TensorSpec state = m.tensors().get(m.operators().get(0).inputs()[18]);
        assertThat(state.variable()).isTrue();
        assertThat(state.shape()).containsExactly(1, 8);
        // The real TFLite loads and runs it; a second Invoke on the same interpreter starts from the previous state,
        // which is why every window needs a reset (SoftSensor does it, the tests use fresh interpreters).
        byte[] in = new byte[10 * 8 * 4];
        ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 1f);
        try (TfliteOracle o = TfliteOracle.load(out.resolve("model.tflite"))) {
            float first = ByteBuffer.wrap(o.run(in).get(0)).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            float second = ByteBuffer.wrap(o.run(in).get(0)).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            assertThat(Float.isFinite(first)).isTrue();
            assertThat(second).isNotEqualTo(first);
        }
        JsonNode card = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        assertThat(card.get("model").asText()).isEqualTo("lstm");
        assertThat(card.get("data").get("sha256").asText())
                .isEqualTo("8f433804fd798f04888e66c515afd1d40807e5be676fb0ccb95e4a2d86a76e6b");
    }

    @Test
    void badInputGivesOneClearLineAndExitCodeOne() throws Exception {
        Path csv = out.resolve("bad.csv");
        Files.writeString(csv, "a,b,y\n1,2,3\n4,5,6\n7,,9\n");
        Run r = run("train", "--data", csv.toString(), "--target", "y", "--out", out.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.stderr()).contains("line 4, column 2 ('b'): missing value");
        Path good = out.resolve("good.csv");
        Files.writeString(good, "a,b,y\n1,2,3\n4,5,6\n7,8,9\n");
        Run unknown = run("train", "--data", good.toString(), "--target", "z", "--out", out.resolve("o").toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no column named 'z'");
        Run usage = run("train", "--data", csv.toString());
        assertThat(usage.code()).isEqualTo(2);
        Run sizes = run("transfer", "--source", csv.toString(), "--target", csv.toString(), "--y", "y", "--sizes",
                "ten", "--out", out.resolve("t").toString());
        assertThat(sizes.code()).isEqualTo(1);
        assertThat(sizes.stderr()).contains("--sizes takes whole numbers");
        assertThat(out.resolve("o")).doesNotExist();
    }

    @Test
    void transferCommandWritesTheCurve() throws Exception {
        Path data = Fixtures.require("softsensor/derived/debutanizer.csv");
        Run r = run("transfer", "--source", data.toString(), "--source-rows", "1-1200", "--target", data.toString(),
                "--target-rows", "1201-2394", "--inputs", "u1,u2,u3,u4,u5,u6,u7,y@4", "--y", "y", "--window", "10",
                "--head", "keep", "--sizes", "25", "--repeats", "1", "--epochs", "30", "--no-progress", "--json",
                "--out", out.toString());
        assertThat(r.code()).as(r.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.get("curve").get(0).get("targetSamples").asInt()).isEqualTo(25);
        assertThat(json.get("sourceModelOnTargetTest").isNumber()).isTrue();
        assertThat(out.resolve("report.html")).exists();
    }
}
