package dev.edgetl.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.trainer.BaseModels;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.eval.Evaluation;
import dev.edgetl.trainer.eval.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance (issue 3, section 9): the real MobileNetV2 as a fixed feature extractor on hymenoptera. */
class HymenopteraTransferTest {

    @Test
    void featureExtractorReachesTheTutorialsAccuracy(@TempDir Path out) throws Exception {
        Path dataDir = Fixtures.require("datasets/hymenoptera");
        Path model = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite");
        TrainConfig cfg = new TrainConfig();
        cfg.mode = TrainConfig.Mode.FEATURES;
        cfg.progress = false;
        try (NDManager m = NDManager.newBaseManager()) {
            ImageFolder data = ImageFolder.open(dataDir, 0.2, cfg.seed);
            assertThat(data.classes()).containsExactly("ants", "bees");
            assertThat(data.skipped()).hasSize(1);
            assertThat(data.skipped().get(0).path.getFileName().toString()).isEqualTo("imageNotFound.gif");
            BaseModels.BaseModel base = BaseModels.load(model.toString(), m);
            long t0 = System.nanoTime();
            TrainResult r = new TransferLearner(data, base, cfg, out, m).run(false);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Evaluation ev = new Evaluation(r.classes, r.valLabels, r.valPredicted, r.valProbabilities, r.valFiles);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("mode", cfg.mode.name());
            ReportWriter.write(out, r, ev, run);
            System.out.printf("hymenoptera features: val acc %.4f (best epoch %d of %d, early stop %s), embed %d ms,"
                    + " total %d ms, train %d val %d, skipped %d%n", ev.accuracy, r.bestEpoch, r.history.size(),
                    r.stoppedEarly, r.embedMillis, ms, r.trainCount, r.valCount, r.skipped.size());
            assertThat(r.valCount).isEqualTo(153);
            assertThat(ev.accuracy).isGreaterThanOrEqualTo(0.93);
            assertThat(ev.misclassified).hasSize(153 - (int) Math.round(ev.accuracy * 153));

            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(report.at("/metrics/valAccuracy").asDouble()).isEqualTo(ev.accuracy);
            assertThat(report.at("/skippedCount").asInt()).isEqualTo(1);
            assertThat(report.at("/confusionMatrix/counts").size()).isEqualTo(2);
            assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,")
                    .contains("imageNotFound.gif");
            assertThat(out.resolve("checkpoint/best.params")).exists();
            assertThat(out.resolve("checkpoint/state.json")).exists();
        }
    }
}
