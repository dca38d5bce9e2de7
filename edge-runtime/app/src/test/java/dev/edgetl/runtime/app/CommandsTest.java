package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.Quantization;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    Path uint8Model;
    Path floatModel;
    Path image;

    @BeforeEach
    void models() throws Exception {
        uint8Model = Files.write(dir.resolve("u8.tflite"),
                TestModels.reshapeClassifier(DType.UINT8, Quantization.perTensor(1 / 128f, 128), null));
        floatModel = Files.write(dir.resolve("f32.tflite"), TestModels.reshapeClassifier(DType.FLOAT32, Quantization.NONE, null));
        // 2x2 image (the model's size: no resampling): class k = pixel k/3, channel k%3.
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x0A141E);
        img.setRGB(1, 0, 0x283250);
        img.setRGB(0, 1, 0x00F000); // class 7 (pixel 2, green) is the largest
        img.setRGB(1, 1, 0x646464);
        image = dir.resolve("img.png");
        ImageIO.write(img, "png", image.toFile());
    }

    CommandTestSupport run(String... args) {
        return CommandTestSupport.execute(new RunCommand(TestModels.backend()), args);
    }

    @Test
    void runPrintsTopKWithRawPixelsForUint8Models() throws Exception {
        Path labels = Files.writeString(dir.resolve("labels.txt"), "c0\nc1\nc2\nc3\nc4\nc5\nc6\nc7\nc8\nc9\nc10\nc11\n");
        CommandTestSupport r = run("--model", uint8Model.toString(), "--labels", labels.toString(), "--top", "3", image.toString());
        assertThat(r.exit).as(r.toString()).isZero();
        String[] lines = r.out.split("\n");
        assertThat(lines[0]).isEqualTo(image.toString());
        assertThat(lines[1]).contains("c7").contains("class 7");
        // Raw pixel 240 through scale 1/128, zp 128: (240 - 128) / 128 = 0.875.
        assertThat(lines[1]).contains("0.87500");
        assertThat(lines[2]).contains("c9").contains("-0.21875"); // 100: classes 9, 10, 11 tie; the lowest index first
        assertThat(lines).hasSize(4);
    }

    @Test
    void runJsonUsesModelCardNormalizationForFloatModels() throws Exception {
        Files.writeString(dir.resolve("f32.json"), "{\"input\": {\"mean\": [10, 20, 30], \"std\": [2]}, \"labelsFile\": \"l.txt\"}");
        Files.writeString(dir.resolve("l.txt"), String.join("\n", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"));
        CommandTestSupport r = run("--model", floatModel.toString(), "--json", "--top", "12", image.toString());
        assertThat(r.exit).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out);
        assertThat(j.get("labels").asText()).contains("model card");
        assertThat(j.get("preprocessing").asText()).contains("model card f32.json");
        JsonNode top = j.get("results").get(0).get("top");
        assertThat(top.size()).isEqualTo(12);
        assertThat(top.get(0).get("index").asInt()).isEqualTo(7);
        assertThat(top.get(0).get("label").asText()).isEqualTo("h");
        assertThat(top.get(0).get("score").floatValue()).isEqualTo((240 - 20) / 2f);
        for (JsonNode p : top) {
            if (p.get("index").asInt() == 0) {
                assertThat(p.get("score").floatValue()).isEqualTo((10 - 10) / 2f);
            }
        }
    }

    @Test
    void flagsOverrideTheCardAndFloatDefaultsToMinusOneToOne() throws Exception {
        CommandTestSupport d = run("--model", floatModel.toString(), "--json", "--top", "1", image.toString());
        assertThat(d.exit).as(d.toString()).isZero();
        assertThat(JSON.readTree(d.out).at("/results/0/top/0/score").floatValue()).isEqualTo((240 - 127.5f) / 127.5f);
        CommandTestSupport f = run("--model", floatModel.toString(), "--mean", "0", "--std", "255", "--json", "--top", "1", image.toString());
        assertThat(JSON.readTree(f.out).at("/results/0/top/0/score").floatValue()).isEqualTo(240 / 255f);
        CommandTestSupport half = run("--model", floatModel.toString(), "--mean", "0", image.toString());
        assertThat(half.exit).isEqualTo(2);
        assertThat(half.err).contains("--mean and --std go together");
    }

    @Test
    void explicitNormalizationIsQuantizedForUint8Inputs() throws Exception {
        // real = (240 - 0) / 255 = 0.941; q = round(0.941 * 128) + 128 = 248 -> score (248 - 128) / 128 = 0.9375.
        CommandTestSupport r = run("--model", uint8Model.toString(), "--mean", "0", "--std", "255", "--json", "--top", "1", image.toString());
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out).at("/results/0/top/0/score").floatValue()).isEqualTo(0.9375f);
    }

    @Test
    void int8InputsGetPixelMinus128WithoutNormalization() throws Exception {
        Path int8 = Files.write(dir.resolve("i8.tflite"), TestModels.reshapeClassifier(DType.INT8, Quantization.perTensor(0.5f, -128), null));
        CommandTestSupport r = run("--model", int8.toString(), "--json", "--top", "12", image.toString());
        assertThat(r.exit).as(r.toString()).isZero();
        JsonNode top = JSON.readTree(r.out).at("/results/0/top");
        // q = 240 - 128 = 112; dequantised 0.5 * (112 + 128) = 120.
        assertThat(top.get(0).get("index").asInt()).isEqualTo(7);
        assertThat(top.get(0).get("score").floatValue()).isEqualTo(120f);
        assertThat(JSON.readTree(r.out).get("preprocessing").asText()).contains("pixel - 128");
    }

    @Test
    void rawTensorModeWritesOutputZeroAndChecksSizesExactly() throws Exception {
        byte[] in = new byte[12];
        for (int i = 0; i < 12; i++) {
            in[i] = (byte) (i * 20);
        }
        Path inFile = Files.write(dir.resolve("in.bin"), in);
        Path outFile = dir.resolve("sub/out.bin");
        CommandTestSupport ok = run("--model", uint8Model.toString(), "--input-tensor", inFile.toString(), "--output-tensor", outFile.toString());
        assertThat(ok.exit).as(ok.toString()).isZero();
        assertThat(Files.readAllBytes(outFile)).isEqualTo(in);
        assertThat(ok.out).contains("wrote 12 bytes");

        Path shortFile = Files.write(dir.resolve("short.bin"), new byte[11]);
        Path out2 = dir.resolve("out2.bin");
        CommandTestSupport bad = run("--model", uint8Model.toString(), "--input-tensor", shortFile.toString(), "--output-tensor", out2.toString());
        assertThat(bad.exit).isEqualTo(1);
        assertThat(bad.err).contains("short.bin").contains("11 bytes").contains("exactly 12 bytes").doesNotContain("at dev.edgetl");
        assertThat(out2).doesNotExist();

        CommandTestSupport half = run("--model", uint8Model.toString(), "--input-tensor", inFile.toString());
        assertThat(half.exit).isEqualTo(2);
        assertThat(half.err).contains("--output-tensor");
    }

    @Test
    void errorsNameTheFileWithoutStackTraceUnlessVerbose() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jpg"), "junk");
        CommandTestSupport r = run("--model", uint8Model.toString(), junk.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("junk.jpg").doesNotContain("\tat ");
        CommandTestSupport v = run("--model", uint8Model.toString(), "--verbose", junk.toString());
        assertThat(v.exit).isEqualTo(1);
        assertThat(v.err).contains("junk.jpg").contains("\tat ");

        Path notModel = Files.writeString(dir.resolve("bad.tflite"), "not a flatbuffer");
        CommandTestSupport m = run("--model", notModel.toString(), image.toString());
        assertThat(m.exit).isEqualTo(1);
        assertThat(m.err).contains("bad.tflite").doesNotContain("\tat ");

        CommandTestSupport missing = run("--model", dir.resolve("nope.tflite").toString(), image.toString());
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.err).contains("nope.tflite").contains("does not exist");

        CommandTestSupport usage = run("--model", uint8Model.toString(), "--no-such-flag", image.toString());
        assertThat(usage.exit).isEqualTo(2);
        CommandTestSupport noImage = run("--model", uint8Model.toString());
        assertThat(noImage.exit).isEqualTo(2);
    }

    @Test
    void inspectPrintsInterfaceHistogramAndArena() throws Exception {
        CommandTestSupport t = CommandTestSupport.execute(new InspectCommand(TestModels.backend()), uint8Model.toString(), "--ops");
        assertThat(t.exit).as(t.toString()).isZero();
        assertThat(t.out).contains("input 0").contains("UINT8 [1,2,2,3]").contains("scale=0.0078125 zp=128")
                .contains("RESHAPE x1").contains("arena").contains("metadata     none");
        CommandTestSupport j = CommandTestSupport.execute(new InspectCommand(TestModels.backend()), uint8Model.toString(), "--json");
        JsonNode n = JSON.readTree(j.out);
        assertThat(n.get("opHistogram").get("RESHAPE").asInt()).isEqualTo(1);
        assertThat(n.get("parameters").asLong()).isEqualTo(2);
        assertThat(n.get("macs").asLong()).isZero();
        assertThat(n.get("arenaBytes").asLong()).isBetween(24L, 64L); // input and output (12 bytes each) are live together
        assertThat(n.at("/inputs/0/quantization/zeroPoints/0").asInt()).isEqualTo(128);
        assertThat(n.at("/ops/0/elementOps").asInt()).isEqualTo(12);
    }

    @Test
    void inspectShowsAModelWithCorruptMetadataWhileRunRefusesIt() throws Exception {
        Path bad = Files.write(dir.resolve("badmeta.tflite"), TestModels.reshapeClassifier(DType.UINT8,
                Quantization.perTensor(1 / 128f, 128), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2, 3, 4}));
        CommandTestSupport t = CommandTestSupport.execute(new InspectCommand(TestModels.backend()), bad.toString());
        assertThat(t.exit).as(t.toString()).isZero();
        assertThat(t.out).contains("metadata     unreadable").contains("TFLITE_METADATA").contains("RESHAPE x1");
        CommandTestSupport r = run("--model", bad.toString(), image.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("badmeta.tflite").contains("TFLITE_METADATA").doesNotContain("\tat ");
    }

    @Test
    void benchReportsPercentilesArenaHeapAndBackend() throws Exception {
        CommandTestSupport j = CommandTestSupport.execute(new BenchCommand(TestModels.backend()),
                "--model", floatModel.toString(), "--warmup", "2", "--runs", "7", "--json");
        assertThat(j.exit).as(j.toString()).isZero();
        JsonNode n = JSON.readTree(j.out);
        assertThat(n.get("runs").asInt()).isEqualTo(7);
        assertThat(n.get("backend").asText()).startsWith("scalar (JDK ");
        double min = n.get("minMs").asDouble();
        double p50 = n.get("p50Ms").asDouble();
        double p90 = n.get("p90Ms").asDouble();
        double p99 = n.get("p99Ms").asDouble();
        assertThat(min).isLessThanOrEqualTo(p50);
        assertThat(p50).isLessThanOrEqualTo(p90);
        assertThat(p90).isLessThanOrEqualTo(p99);
        assertThat(n.get("arenaBytes").asLong()).isPositive();
        assertThat(n.get("peakHeapBytes").asLong()).isPositive();
        CommandTestSupport t = CommandTestSupport.execute(new BenchCommand(TestModels.backend()), "--model", floatModel.toString(), "--runs", "3");
        assertThat(t.out).contains("p50").contains("p99").contains("arena").contains("peak heap");
        CommandTestSupport bad = CommandTestSupport.execute(new BenchCommand(TestModels.backend()), "--model", floatModel.toString(), "--runs", "0");
        assertThat(bad.exit).isEqualTo(2);
    }

    @Test
    void helpHasExamplesAndExitCodes() {
        for (Object c : new Object[] {new InspectCommand(), new RunCommand(), new BenchCommand()}) {
            CommandTestSupport h = CommandTestSupport.execute(c, "--help");
            assertThat(h.exit).isZero();
            assertThat(h.out).contains("Examples:").contains("Exit codes:").contains("2   usage error");
        }
        CommandTestSupport top = CommandTestSupport.execute(new EdgeRuntimeMain());
        assertThat(top.exit).isEqualTo(2);
    }
}
