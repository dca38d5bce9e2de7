package dev.edgetl.softsensor.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.softsensor.SensorRun;
import dev.edgetl.softsensor.data.DataSpec;
import dev.edgetl.softsensor.data.Task;
import dev.edgetl.softsensor.models.Architecture;
import dev.edgetl.softsensor.models.ModelSpec;
import dev.edgetl.softsensor.train.TrainOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hydraulic rig (UCI, ZeMA): cooler condition {3, 20, 100 %} from the eight 1 Hz sensors (TS1-4, VS1, CE, CP, SE),
 * one window per 60 s cycle ({@code [60, 8]}). The rig steps through the cooler conditions in three long runs, so
 * a chronological cut would leave a whole class out of training: the held-out parts are runs of 20 consecutive
 * cycles dealt to train / validation / test (60/20/20).
 */
class HydraulicAcceptanceTest {
    @TempDir Path out;

    @Test
    void coolerConditionIsClassifiedWithAccuracyAboveZeroPointNineSeven() throws Exception {
        Path dir = Fixtures.require("softsensor/hydraulic");
        DataSpec s = new DataSpec();
        s.data = dir.resolve("profile.txt");
        s.cycles = new ArrayList<>();
        for (String f : List.of("TS1", "TS2", "TS3", "TS4", "VS1", "CE", "CP", "SE")) {
            s.cycles.add(dir.resolve(f + ".txt"));
        }
        s.targets = List.of("1");
        s.task = Task.CLASSIFICATION;
        s.blockSize = 20;
        TrainOptions o = new TrainOptions();
        o.maxEpochs = 40;
        o.patience = 8;
        o.batchSize = 32;
        SensorRun.Outcome r = SensorRun.run(s, new ModelSpec(Architecture.CNN1D, 16, 5), o, out);
        System.out.printf("hydraulic cooler cnn1d: test accuracy %.4f on %d cycles (best epoch %d, %d ms)%n",
                r.test.accuracy, r.test.count, r.training.bestEpoch, r.training.millis);
        assertThat(r.test.count).isGreaterThan(400);
        assertThat(r.test.accuracy).isGreaterThanOrEqualTo(0.97);
        ExportChecks.assertExportMatches(r, 30);
        JsonNode card = ExportChecks.assertCardAndCalibration(r);
        assertThat(card.get("task").asText()).isEqualTo("classification");
        assertThat(card.get("labels").toString()).isEqualTo("[\"3\",\"20\",\"100\"]");
        assertThat(card.get("inputs").toString()).contains("TS1", "SE");
        assertThat(card.has("targetScaling")).isFalse();
    }
}
