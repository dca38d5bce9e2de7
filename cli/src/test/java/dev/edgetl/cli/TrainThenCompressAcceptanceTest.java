package dev.edgetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.compressor.CompressConfig;
import dev.edgetl.compressor.Compressor;
import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.evaluate.DeviceEstimator;
import dev.edgetl.compressor.evaluate.EdgeRuntimeRunner;
import dev.edgetl.compressor.evaluate.VariantMetrics;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.trainer.TrainingRun;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, section 8: the trainer's hymenoptera model (MobileNetV2 feature extractor + trained head, exported as
 * float .tflite with its model card), compressed to full int8: at most 1.0 pp less validation accuracy than the
 * float model, and a file at least 3.5x smaller. The model is trained once for the whole class.
 */
class TrainThenCompressAcceptanceTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path data;
    static double trainerValAccuracy;

    @BeforeAll
    static void train() throws Exception {
        data = Fixtures.require("datasets/hymenoptera");
        TrainConfig cfg = new TrainConfig();
        cfg.mode = TrainConfig.Mode.FEATURES;
        cfg.progress = false;
        ImageFolder folder = TrainingRun.openDataset(data, cfg);
        TrainingRun.Outcome o = TrainingRun.run(folder, Fixtures.model("mobilenet_v2_1.0_224_quant.tflite").toString(),
                cfg, tmp.resolve("trained"), false, System.out);
        model = o.tflite;
        trainerValAccuracy = o.evaluation.accuracy;
    }

    @Test
    void int8LosesAtMostOnePointAndIsAtLeast3point5TimesSmaller() throws Exception {
        Path budget = tmp.resolve("budget.yaml");
        Files.writeString(budget, "device: host\nmaxAccuracyDrop: 0.01\n");
        Path out = tmp.resolve("compressed");
        CompressConfig c = new CompressConfig(model, data.resolve("train"), data.resolve("val"), budget, out,
                List.of("int8"), null, false, 60, Int8Options.IoType.FLOAT32, Set.of(), 0, null, Map.of(), null, null,
                0, 1, false, 42);
        InterpreterOptions options = InterpreterOptions.defaults();
        Compressor.Result r = new Compressor(EdgeRuntimeRunner.factory(options), m -> new InterpreterRecorder(m, options),
                DeviceEstimator.hostOnly(), Compressor.Progress.silent()).run(c);
        VariantMetrics f = variant(r, "float");
        VariantMetrics q = variant(r, "int8");
        System.out.printf(Locale.ROOT, "trainer val accuracy %.4f; compressor (153 val images): float %.4f (%d bytes),"
                + " int8 %.4f (%d bytes, %.2fx smaller), agreement %.4f%n", trainerValAccuracy, f.accuracy(),
                f.fileBytes(), q.accuracy(), q.fileBytes(), f.fileBytes() / (double) q.fileBytes(), q.agreement());
        assertThat(f.accuracy()).isNotNull();
        assertThat(f.accuracy()).as("float accuracy as the compressor measures it").isGreaterThan(0.85);
        assertThat(q.accuracy()).as("int8 accuracy").isGreaterThanOrEqualTo(f.accuracy() - 0.010 - 1e-9);
        assertThat(f.fileBytes() / (double) q.fileBytes()).as("size ratio").isGreaterThanOrEqualTo(3.5);
        assertThat(r.anyPasses()).isTrue();
        assertThat(r.report().verdict().chosen()).isEqualTo("int8");
    }

    static VariantMetrics variant(Compressor.Result r, String name) {
        return r.report().variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
