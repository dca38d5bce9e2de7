package dev.edgetl.softsensor.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.softsensor.data.DataSpec;
import dev.edgetl.softsensor.models.Architecture;
import dev.edgetl.softsensor.models.ModelSpec;
import dev.edgetl.softsensor.report.TransferReport;
import dev.edgetl.softsensor.transfer.TransferSpec;
import dev.edgetl.softsensor.transfer.TransferStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real transfer scenario: the Debutanizer column's early period (rows 1-1200) is the source, its later period
 * (rows 1201-2394) the target, where only n labelled samples are available. Fine-tuning the source model (same
 * target, head kept) is compared with training the same network from scratch on the same n samples; both are
 * scored on the later period's test part (its last 20%), averaged over 3 draws.
 */
class TransferAcceptanceTest {
    @TempDir Path out;

    @Test
    void fineTuningFromTheEarlyPeriodBeatsScratchWithFewLaterSamples() throws Exception {
        DataSpec s = new DataSpec();
        s.data = Fixtures.require("softsensor/debutanizer/Debutanizer_Column_Data.txt");
        s.inputs = List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7", "y@4");
        s.targets = List.of("y");
        s.window = 10;
        s.rows = "1-1200";
        DataSpec t = s.copy();
        t.rows = "1201-2394";
        TransferSpec spec = new TransferSpec();
        spec.source = s;
        spec.target = t;
        spec.model = new ModelSpec(Architecture.MLP, 32, 3);
        spec.keepHead = true;
        spec.sizes = List.of(25, 50, 100);
        spec.repeats = 3;
        spec.train.maxEpochs = 150;
        spec.train.patience = 20;
        TransferStudy.Result r = TransferStudy.run(spec, System.out::println);
        Path html = TransferReport.write(r, out);
        for (int n : List.of(25, 50, 100)) {
            System.out.printf("debutanizer early->late n=%d: RMSE fine-tune %.5f scratch %.5f, R2 %.3f vs %.3f%n", n,
                    TransferStudy.mean(r, n, "finetune", "rmse"), TransferStudy.mean(r, n, "scratch", "rmse"),
                    TransferStudy.mean(r, n, "finetune", "r2"), TransferStudy.mean(r, n, "scratch", "r2"));
        }
        for (int n : List.of(25, 50)) {
            assertThat(TransferStudy.mean(r, n, "finetune", "rmse")).as("mean test RMSE at n=" + n)
                    .isLessThan(TransferStudy.mean(r, n, "scratch", "rmse"));
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.get("curve")).hasSize(3);
        assertThat(json.get("curve").get(0).get("rmse").get("difference").asDouble()).isNegative();
        assertThat(json.get("runs")).hasSize(3 * 3 * 2);
        assertThat(Files.readString(html)).contains("fine-tuning better").contains("data:image/png;base64");
    }
}
