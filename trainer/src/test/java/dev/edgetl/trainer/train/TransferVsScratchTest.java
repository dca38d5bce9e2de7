package dev.edgetl.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.trainer.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 3, section 9): on hymenoptera, transfer learning beats training the same architecture from
 * scratch, and the report shows both. CI-sized: MobileNetV1 0.25 (TFLite float weights) at 128x128, the
 * pretrained one as a feature extractor, the scratch one fine-tuned (all layers) for 3 epochs.
 */
class TransferVsScratchTest {

    @Test
    void transferLearningBeatsTrainingFromScratch(@TempDir Path out) throws Exception {
        TrainConfig cfg = new TrainConfig();
        cfg.mode = TrainConfig.Mode.FEATURES;
        cfg.imageSize = 128;
        cfg.progress = false;
        cfg.compareScratchEpochs = 3;
        cfg.epochs = 25;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingRun.Outcome o = TrainingRun.run(TrainingRun.openDataset(Fixtures.require("datasets/hymenoptera"), cfg),
                Fixtures.model("mobilenet_v1_0.25_224_float.tflite").toString(), cfg, out, false,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.printf("hymenoptera V1 0.25 @128: transfer %.4f, scratch %.4f (%d epochs)%n", o.evaluation.accuracy,
                o.scratchEvaluation.accuracy, o.scratch.history.size());
        assertThat(o.scratch.history).hasSize(3);
        assertThat(o.evaluation.accuracy).isGreaterThan(o.scratchEvaluation.accuracy);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/scratchComparison/valAccuracy").asDouble()).isEqualTo(o.scratchEvaluation.accuracy);
        assertThat(report.at("/scratchComparison/transferValAccuracy").asDouble()).isEqualTo(o.evaluation.accuracy);
        assertThat(report.at("/scratchComparison/transferBeatsScratch").asBoolean()).isTrue();
        assertThat(report.at("/scratchComparison/history")).hasSize(3);
        assertThat(report.at("/scratchComparison/base").asText()).isEqualTo("scratch:mobilenet_v1_0.25");
        assertThat(Files.readString(out.resolve("report.html"))).contains("Transfer learning vs training from scratch")
                .contains("transfer vs scratch");
        assertThat(out.resolve("scratch/checkpoint/state.json")).exists();
    }
}
