package dev.edgetl.compressor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.evaluate.DeviceEstimator;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole compress pipeline on MobileNetV1 0.25 with real TFLite as the runtime (edge-runtime apart). */
class CompressorPipelineTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path calib;
    static Path eval;

    @BeforeAll
    static void folders() throws IOException {
        model = Fixtures.model(TestData.MOBILENET);
        Path hym = Fixtures.require("datasets/hymenoptera");
        calib = tmp.resolve("calib");
        eval = tmp.resolve("eval");
        link(hym.resolve("train"), calib, 20);
        link(hym.resolve("val"), eval, 12);
    }

    /** Every n-th file of each class folder, as symlinks (fixtures are never copied). */
    static void link(Path from, Path to, int step) throws IOException {
        try (Stream<Path> classes = Files.list(from)) {
            for (Path c : classes.sorted().toList()) {
                Path dst = Files.createDirectories(to.resolve(c.getFileName()));
                List<Path> files;
                try (Stream<Path> s = Files.list(c)) {
                    files = s.sorted().toList();
                }
                for (int k = 0; k < files.size(); k += step) {
                    Files.createSymbolicLink(dst.resolve(files.get(k).getFileName()), files.get(k));
                }
            }
        }
    }

    static Path budget(String yaml) throws IOException {
        Path b = Files.createTempFile(tmp, "budget", ".yaml");
        Files.writeString(b, yaml);
        return b;
    }

    static CompressConfig config(Path model, Path calib, Path budget, Path out) {
        return new CompressConfig(model, calib, eval, budget, out, CompressConfig.ALL_VARIANTS, null, true, 100,
                Int8Options.IoType.FLOAT32, Set.of(), 2, Fixtures.model("imagenet_labels.txt"), java.util.Map.of("ants", "ant", "bees", "bee"), new float[] {127.5f},
                new float[] {127.5f}, 1, 3, false, 42);
    }

    static Compressor compressor() {
        return new Compressor(OracleRunner::new, m -> {
            try {
                return new OracleRecorder(m);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, DeviceEstimator.hostOnly(), Compressor.Progress.silent());
    }

    @Test
    void buildsEvaluatesJudgesAndReportsEveryVariant() throws Exception {
        Path out = tmp.resolve("out");
        Path b = budget("device: host\nmaxModelBytes: 700000\nmaxP90LatencyMs: 1000\nmaxAccuracyDrop: 0.6\n");
        Compressor.Result r = compressor().run(config(model, calib, b, out));
        assertThat(r.report().variants()).extracting(v -> v.name())
                .containsExactly("float", "fp16", "dynamic", "int8", "int8-per-tensor", "int8-mixed");
        assertThat(r.report().calibrationComparison()).containsOnlyKeys("minmax", "percentile", "mse");
        for (String v : List.of("fp16", "dynamic", "int8", "int8-per-tensor", "int8-mixed")) {
            Path f = out.resolve("mobilenet_v1_0.25_224_float." + v + ".tflite");
            assertThat(f).exists();
            ModelReader.read(f);
        }
        assertThat(out.resolve("report.json")).exists();
        if (System.getenv("EDGETL_KEEP_REPORT") != null) {
            dev.edgetl.compressor.Compressor.deleteTree(Path.of(System.getenv("EDGETL_KEEP_REPORT")));
            Files.walk(out).forEach(f -> {
                try {
                    Path d = Path.of(System.getenv("EDGETL_KEEP_REPORT")).resolve(out.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(d); else Files.copy(f, d);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(out.resolve("report.md")).content().contains("Chosen variant");
        assertThat(out.resolve("report.html")).content().contains("data:image/png;base64,");
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.get("variants")).hasSize(6);
        // --class-map ants=ant,bees=bee gives real top-1 accuracy on ImageNet's "ant"/"bee" labels.
        assertThat(r.report().variants().get(0).accuracy()).isNotNull().isGreaterThan(0.3);
        // fp16 agrees with float everywhere; the float model itself fails the 700 kB size limit.
        assertThat(r.report().variants().get(1).agreement()).isEqualTo(1.0);
        assertThat(r.report().verdict().rows().get(0).pass()).isFalse();
        assertThat(r.anyPasses()).isTrue();
        String chosen = r.report().verdict().chosen();
        long chosenBytes = r.report().variants().stream().filter(v -> v.name().equals(chosen)).findFirst().orElseThrow().fileBytes();
        assertThat(r.report().variants()).filteredOn(v -> r.report().verdict().rows().stream()
                .anyMatch(row -> row.variant().equals(v.name()) && row.pass()))
                .allSatisfy(v -> assertThat(v.fileBytes()).isGreaterThanOrEqualTo(chosenBytes));
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out.tmp"));
        }
    }

    @Test
    void noVariantPassingATightBudgetIsReportedNotThrown() throws Exception {
        Path out = tmp.resolve("tight");
        Path b = budget("device: host\nmaxModelBytes: 1000\n");
        CompressConfig c = config(model, calib, b, out);
        c = new CompressConfig(c.model(), c.calibrationDir(), c.evalDir(), c.budget(), c.out(), List.of("int8"),
                RangeMethod.MINMAX, false, 4, Int8Options.IoType.INT8, Set.of(), 0, c.labels(), java.util.Map.of(), c.mean(), c.std(), 0, 1,
                false, 1);
        Compressor.Result r = compressor().run(c);
        assertThat(r.anyPasses()).isFalse();
        assertThat(r.report().verdict().chosen()).isNull();
        assertThat(out.resolve("report.md")).content().contains("No variant passes");
    }

    @Test
    void badInputsFailClearlyAndLeaveNothingBehind() throws Exception {
        Path ok = budget("device: host\n");
        Path out = tmp.resolve("bad");
        assertThatThrownBy(() -> compressor().run(config(Fixtures.model("mobilenet_v1_0.25_224_quant.tflite"), calib, ok, out)))
                .isInstanceOf(CompressionException.class).hasMessageContaining("not float32");
        Path unknownDevice = budget("device: pdp-11\n");
        assertThatThrownBy(() -> compressor().run(config(model, calib, unknownDevice, out)))
                .isInstanceOf(CompressionException.class).hasMessageContaining("unknown device profile 'pdp-11'");
        Path noImages = Files.createDirectories(tmp.resolve("noimages/cls"));
        Files.writeString(noImages.resolve("a.jpg"), "not a jpeg");
        Files.createSymbolicLink(noImages.resolve("placeholder.txt"), Fixtures.model("imagenet_labels.txt"));
        assertThatThrownBy(() -> compressor().run(config(model, noImages.getParent(), ok, out)))
                .isInstanceOf(CompressionException.class).hasMessageContaining("no readable image");
        Path cardDir = Files.createDirectories(tmp.resolve("card"));
        Path cardModel = Files.createSymbolicLink(cardDir.resolve("m.tflite"), model);
        Files.writeString(cardDir.resolve("model.json"), "{\"input\": {\"width\": 128, \"height\": 128, \"mean\": 127.5, \"std\": 127.5}}");
        assertThatThrownBy(() -> compressor().run(config(cardModel, calib, ok, out)))
                .isInstanceOf(CompressionException.class).hasMessageContaining("input size mismatch");
        Path badBudget = budget("device: host\nminAccuracy: 90\n");
        assertThatThrownBy(() -> compressor().run(config(model, calib, badBudget, out)))
                .hasMessageContaining("minAccuracy is a fraction");
        assertThat(out).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }
}
