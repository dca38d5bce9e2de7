package dev.edgetl.compressor.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.compressor.evaluate.VariantMetrics;
import dev.edgetl.compressor.report.Pareto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictTest {
    static VariantMetrics v(String name, long bytes, double acc, double p90) {
        return new VariantMetrics(name, "", bytes, bytes, 1000, 2000, acc, 1, p90 / 2, p90, null, null);
    }

    @Test
    void choosesTheSmallestVariantPassingEveryCriterion(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("budget.yaml");
        Files.writeString(f, "device: host\nmaxModelBytes: 900\nmaxP90LatencyMs: 50\nmaxAccuracyDrop: 0.02\n");
        Budget b = Budget.load(f);
        VariantMetrics fl = v("float", 1000, 0.90, 40);
        List<VariantMetrics> all = List.of(fl, v("fp16", 500, 0.90, 45), v("int8", 250, 0.85, 20),
                v("dynamic", 260, 0.89, 30), VariantMetrics.failure("broken", "", 100, 100, "no kernel"));
        Verdict verdict = Verdict.judge(b, all, fl);
        assertThat(verdict.chosen()).isEqualTo("dynamic");
        assertThat(verdict.rows()).extracting(Verdict.Row::pass).containsExactly(false, true, false, true, false);
        assertThat(Pareto.front(all)).containsExactlyInAnyOrder("float", "int8", "dynamic");
        Verdict none = Verdict.judge(new Budget("host", 10L, null, null, null, null), all, fl);
        assertThat(none.anyPasses()).isFalse();
    }

    @Test
    void badBudgetsAreRefusedWithTheField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.yaml");
        Files.writeString(f, "maxModelBytes: 10\n");
        assertThatThrownBy(() -> Budget.load(f)).hasMessageContaining("'device'");
        Files.writeString(f, "device: host\nmaxLatency: 3\n");
        assertThatThrownBy(() -> Budget.load(f)).hasMessageContaining("maxLatency");
        Files.writeString(f, "device: host\nmaxP90LatencyMs: -1\n");
        assertThatThrownBy(() -> Budget.load(f)).hasMessageContaining("maxP90LatencyMs must be positive");
    }
}
