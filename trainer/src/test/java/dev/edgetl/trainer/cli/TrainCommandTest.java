package dev.edgetl.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    record Run(int code, String err) {}

    static Run train(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new TrainCommand()).execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    static Path image() {
        return Fixtures.require("datasets/hymenoptera/train/ants/0013035.jpg");
    }

    static void put(Path dir, String... rel) throws Exception {
        for (String r : rel) {
            Path f = dir.resolve(r);
            Files.createDirectories(f.getParent());
            Files.copy(image(), f);
        }
    }

    String base() {
        return Fixtures.model("mobilenet_v2_1.0_224_quant.tflite").toString();
    }

    @Test
    void emptyClassFolderIsRefusedBeforeTraining(@TempDir Path d) throws Exception {
        put(d, "train/a/1.jpg", "val/a/1.jpg", "val/b/1.jpg");
        Files.createDirectories(d.resolve("train/b"));
        Files.writeString(d.resolve("train/b/notes.txt"), "not an image");
        Run r = train("--data", d.toString(), "--base", base(), "--out", d.resolve("out").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("error").contains("train/b").contains("no usable images");
        assertThat(d.resolve("out")).doesNotExist();
    }

    @Test
    void singleClassIsRefused(@TempDir Path d) throws Exception {
        put(d, "train/a/1.jpg", "val/a/1.jpg");
        Run r = train("--data", d.toString(), "--base", base(), "--out", d.resolve("out").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("single class 'a'");
    }

    @Test
    void differentTrainAndValClassesAreRefused(@TempDir Path d) throws Exception {
        put(d, "train/a/1.jpg", "train/b/1.jpg", "val/a/1.jpg", "val/c/1.jpg");
        Run r = train("--data", d.toString(), "--base", base(), "--out", d.resolve("out").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("only in train [b]").contains("only in val [c]");
    }

    @Test
    void unknownBaseModelIsRefused(@TempDir Path d) throws Exception {
        put(d, "train/a/1.jpg", "train/b/1.jpg", "val/a/1.jpg", "val/b/1.jpg");
        Run r = train("--data", d.toString(), "--base", "resnet_imaginary", "--out", d.resolve("out").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("unknown base model 'resnet_imaginary'");
        Run noClassifier = train("--data", d.toString(), "--base",
                Fixtures.model("mobilenet_v1_1.0_224_quant_embedding_extractor.tflite").toString(), "--out",
                d.resolve("out").toString());
        assertThat(noClassifier.code).isEqualTo(1);
        assertThat(noClassifier.err).contains("mobilenet_v1_1.0_224_quant_embedding_extractor.tflite");
        Run wrongArch = train("--data", d.toString(), "--base",
                Fixtures.model("mobilenet_v1_0.25_128_quant.tflite").toString(), "--arch", "mobilenet_v2", "--out",
                d.resolve("out").toString());
        assertThat(wrongArch.code).isEqualTo(1);
        assertThat(wrongArch.err).contains("--arch mobilenet_v2 but base model mobilenet_v1_0.25_128_quant.tflite is a mobilenet_v1");
        assertThat(d.resolve("out/checkpoint")).doesNotExist();
    }

    @Test
    void unusableInputSizeIsRefused(@TempDir Path d) throws Exception {
        put(d, "train/a/1.jpg", "train/b/1.jpg", "val/a/1.jpg", "val/b/1.jpg");
        Run r = train("--data", d.toString(), "--base", base(), "--out", d.resolve("out").toString(), "--image-size", "100");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("image size 100 can not serve a MobileNet");
    }

    /** Fine-tuning smoke run (tiny: 8 images per split at 96x96), export, model card, then --resume. */
    @Test
    void finetuneExportsAndResumes(@TempDir Path d) throws Exception {
        Path data = Fixtures.require("datasets/hymenoptera");
        Path out = d.resolve("out");
        String[] common = {"--data", data.toString(), "--base", base(), "--out", out.toString(), "--mode", "finetune",
            "--freeze", "until:block14", "--image-size", "96", "--limit", "8", "--batch-size", "4", "--lr", "0.0001",
            "--no-progress", "--patience", "0"};
        Run first = train(concat(common, "--epochs", "1"));
        assertThat(first.code).as(first.err).isEqualTo(0);
        JsonNode card = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        assertThat(card.at("/labels").toString()).isEqualTo("[\"ants\",\"bees\"]");
        assertThat(card.at("/input/shape").toString()).isEqualTo("[1,96,96,3]");
        assertThat(card.at("/baseModel/sha256").asText()).hasSize(64);
        assertThat(card.at("/dataset/fingerprint").asText()).hasSize(64);
        assertThat(card.at("/golden")).hasSize(3);
        assertThat(card.at("/golden/0/output")).hasSize(2);
        assertThat(out.resolve(card.at("/golden/0/input").asText())).hasSize(96 * 96 * 3 * 4);
        assertThat(ModelReader.read(out.resolve("model.tflite")).output(0).shape()).containsExactly(1, 2);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/history")).hasSize(1);

        Run second = train(concat(common, "--epochs", "2", "--resume"));
        assertThat(second.code).as(second.err).isEqualTo(0);
        report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/history")).hasSize(2);
        assertThat(report.at("/run/resumed").asBoolean()).isTrue();
    }

    /** MobileNetV1 (float TFLite, width 0.25): fine-tune a few units, export, and check the exported model. */
    @Test
    void mobileNetV1FinetunesAndExports(@TempDir Path d) throws Exception {
        Path data = Fixtures.require("datasets/hymenoptera");
        Path out = d.resolve("out");
        Run r = train("--data", data.toString(), "--base", Fixtures.model("mobilenet_v1_0.25_224_float.tflite").toString(),
                "--arch", "mobilenet_v1", "--out", out.toString(), "--mode", "finetune", "--freeze", "until:block11",
                "--image-size", "128", "--limit", "8", "--batch-size", "4", "--epochs", "1", "--no-progress");
        assertThat(r.code).as(r.err).isEqualTo(0);
        JsonNode card = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        assertThat(card.at("/architecture").asText()).isEqualTo("mobilenet_v1");
        assertThat(card.at("/widthMultiplier").asDouble()).isEqualTo(0.25);
        assertThat(card.at("/input/shape").toString()).isEqualTo("[1,128,128,3]");
        assertThat(card.at("/edgeRuntimeCheck").asText()).startsWith("edge-runtime output within");
        double worst = Double.parseDouble(card.at("/edgeRuntimeCheck").asText().split(" ")[3]);
        assertThat(worst).isLessThan(1e-4);
        assertThat(ModelReader.read(out.resolve("model.tflite")).output(0).shape()).containsExactly(1, 2);
    }

    /** ShuffleNetV2 from scratch (PyTorch padding): trains, exports, and edge-runtime runs the export. */
    @Test
    void shuffleNetV2TrainsAndExports(@TempDir Path d) throws Exception {
        Path out = d.resolve("out");
        Run r = train("--data", Fixtures.require("datasets/hymenoptera").toString(), "--base", "scratch:shufflenet_v2_x0_5",
                "--out", out.toString(), "--mode", "finetune", "--freeze", "none", "--image-size", "64", "--limit", "8",
                "--batch-size", "4", "--epochs", "1", "--no-progress");
        assertThat(r.code).as(r.err).isEqualTo(0);
        JsonNode card = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        assertThat(card.at("/architecture").asText()).isEqualTo("shufflenet_v2");
        assertThat(card.at("/edgeRuntimeCheck").asText()).startsWith("edge-runtime output within");
        assertThat(Double.parseDouble(card.at("/edgeRuntimeCheck").asText().split(" ")[3])).isLessThan(1e-4);
    }

    static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
