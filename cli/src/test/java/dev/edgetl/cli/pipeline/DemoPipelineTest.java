package dev.edgetl.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.cli.Edgetl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code edgetl demo --fast} end to end in-process (train with DJL, export, compress, verdict, edge-runtime run), then
 * the resumability of the pipeline on the demo's own output folder and pipeline.yaml.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPipelineTest {
    @TempDir static Path dir;
    static Path out;
    static final ObjectMapper JSON = new ObjectMapper();

    static String[] exec(String... args) {
        CommandLine cl = Edgetl.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute(args);
        return new String[] {String.valueOf(exit), o.toString(), e.toString()};
    }

    @Test
    @Order(1)
    void fastDemoRunsEndToEndAndItsReportIsConsistent() throws Exception {
        out = dir.resolve("demo");
        String[] r = exec("demo", "--fast", "--no-progress", "--out", out.toString());
        assertThat(r[0]).as(r[1] + r[2]).isIn("0", "3");
        String printed = r[1];
        assertThat(printed).contains("dataset: ").contains("report: " + out.resolve("report.html"));
        assertThat(printed).containsAnyOf("Fashion-MNIST from Debian", "generated: 10 kinds of drawn shapes");

        JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode t = rep.path("training");
        for (String k : new String[] {"accuracy", "pretrainAccuracy", "baselineAccuracy"}) {
            assertThat(t.path(k).isNumber()).as(k).isTrue();
            assertThat(t.path(k).asDouble()).as(k).isBetween(0.0, 1.0);
        }
        assertThat(t.path("gainOverBaseline").asDouble())
                .isCloseTo(t.path("accuracy").asDouble() - t.path("baselineAccuracy").asDouble(), within(1e-12));
        // The printed summary shows the numbers of report.json.
        assertThat(printedPercent(printed, "pretrain")).isEqualTo(pct(t.path("pretrainAccuracy")));
        assertThat(printedPercent(printed, "transfer")).isEqualTo(pct(t.path("accuracy")));
        assertThat(printedPercent(printed, "scratch")).isEqualTo(pct(t.path("baselineAccuracy")));
        // ... and those of the stage records and the trainer's own model card.
        JsonNode card = JSON.readTree(out.resolve("train/model.json").toFile());
        assertThat(card.path("metrics").path("valAccuracy").asDouble()).isEqualTo(t.path("accuracy").asDouble());

        JsonNode c = rep.path("compress");
        assertThat(c.path("device").asText()).isEqualTo("raspberry-pi-4");
        JsonNode budget = c.path("budget");
        List<String> passing = new ArrayList<>();
        JsonNode floatV = null;
        for (JsonNode v : c.path("variants")) {
            if (v.path("name").asText().equals("float")) floatV = v;
        }
        assertThat(floatV).isNotNull();
        long smallestPassing = Long.MAX_VALUE;
        for (JsonNode v : c.path("variants")) {
            String name = v.path("name").asText();
            assertThat(Files.size(out.resolve(v.path("file").asText()))).as(name).isEqualTo(v.path("fileBytes").asLong());
            assertThat(v.path("accuracy").asDouble()).as(name).isBetween(0.0, 1.0);
            assertThat(v.path("agreement").asDouble()).as(name).isBetween(0.0, 1.0);
            if (!name.equals("float")) {
                assertThat(v.path("fileBytes").asLong()).as(name + " smaller than float")
                        .isLessThan(floatV.path("fileBytes").asLong());
            }
            // The verdict follows from the budget and the measured/estimated numbers.
            boolean pass = v.path("fileBytes").asLong() <= budget.path("maxModelBytes").asLong()
                    && v.path("deviceMemoryBytes").asLong() <= budget.path("maxRamBytes").asLong()
                    && v.path("deviceLatencyMs").asDouble() <= budget.path("maxP90LatencyMs").asDouble()
                    && floatV.path("accuracy").asDouble() - v.path("accuracy").asDouble()
                            <= budget.path("maxAccuracyDrop").asDouble() + 1e-12;
            assertThat(v.path("pass").asBoolean()).as(name + " verdict").isEqualTo(pass);
            assertThat(v.path("checks").size()).as(name).isEqualTo(4);
            for (JsonNode ch : v.path("checks")) {
                assertThat(!pass || ch.path("pass").asBoolean()).as(name + " " + ch).isTrue();
            }
            if (pass) {
                passing.add(name);
                smallestPassing = Math.min(smallestPassing, v.path("fileBytes").asLong());
            }
        }
        JsonNode int8 = variant(c, "int8");
        assertThat(int8.path("fileBytes").asLong()).isLessThan(floatV.path("fileBytes").asLong());
        if (passing.isEmpty()) {
            assertThat(c.path("chosen").isNull()).isTrue();
            assertThat(r[0]).isEqualTo("3");
        } else {
            assertThat(r[0]).isEqualTo("0");
            String chosen = c.path("chosen").asText();
            assertThat(passing).contains(chosen);
            assertThat(variant(c, chosen).path("fileBytes").asLong()).isEqualTo(smallestPassing);
            for (JsonNode ch : variant(c, chosen).path("checks")) {
                assertThat(ch.path("pass").asBoolean()).as(chosen + " " + ch).isTrue();
            }
        }

        // The edge-runtime stage ran the chosen variant (int8 when none passes) over the evaluation images, with
        // the same input pixels as the compressor's evaluation: the same accuracy.
        JsonNode rt = rep.path("runtime");
        String ran = rt.path("variant").asText();
        assertThat(ran).isEqualTo(passing.isEmpty() ? "int8" : c.path("chosen").asText());
        assertThat(rt.path("images").asInt()).isEqualTo(c.path("evalImages").asInt());
        assertThat(rt.path("accuracy").asDouble()).isBetween(0.0, 1.0)
                .isCloseTo(variant(c, ran).path("accuracy").asDouble(), within(1e-9));
        assertThat(rt.path("p50Ms").asDouble()).isPositive();

        // One folder: report.html links every stage report, which exists; the config the demo ran is there.
        String html = Files.readString(out.resolve("report.html"));
        for (JsonNode s : rep.path("stages")) {
            assertThat(s.path("status").asText()).isEqualTo("ran");
            if (!s.path("report").isNull()) {
                assertThat(html).contains("href=\"" + s.path("report").asText() + "\"");
                assertThat(out.resolve(s.path("report").asText())).isRegularFile();
            }
        }
        assertThat(html).contains(pct(t.path("accuracy")).replace("%", " %"));
        PipelineConfig cfg = PipelineConfig.load(out.resolve("pipeline.yaml"));
        assertThat(cfg.budget.device).isEqualTo("raspberry-pi-4");
    }

    @Test
    @Order(2)
    void aSecondRunSkipsEveryStageAndAChangedTrainingOptionRerunsTrainAndWhatFollows() throws Exception {
        assertThat(out).as("runs after the demo test").isNotNull();
        Path yaml = out.resolve("pipeline.yaml");
        Pipeline.Outcome again = new Pipeline(PipelineConfig.load(yaml), out, out, System.err, false).run();
        assertThat(again.skipped).containsOnlyKeys("pretrain", "train", "baseline", "compress", "runtime");
        assertThat(again.skipped.values()).containsOnly(true);
        JsonNode before = JSON.readTree(out.resolve("report.json").toFile());

        String text = Files.readString(yaml);
        Matcher epochs = Pattern.compile("(?m)^  epochs: (\\d+)$").matcher(text);
        assertThat(epochs.find()).as("training.epochs in\n" + text).isTrue();
        int fewer = Integer.parseInt(epochs.group(1)) - 1;
        Files.writeString(yaml, epochs.replaceFirst("  epochs: " + fewer));
        String trainHash = StageRecord.read(out, "train").inputsHash;
        Pipeline.Outcome changed = new Pipeline(PipelineConfig.load(yaml), out, out, System.err, false).run();
        assertThat(changed.skipped).containsEntry("pretrain", true).containsEntry("train", false)
                .containsEntry("baseline", false).containsEntry("compress", false).containsEntry("runtime", false);
        assertThat(StageRecord.read(out, "train").inputsHash).isNotEqualTo(trainHash);
        assertThat(changed.stages.get("train").summary.get("epochsRun")).isEqualTo(fewer);
        JsonNode after = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(after.path("training").path("pretrainAccuracy")).isEqualTo(before.path("training").path("pretrainAccuracy"));
        assertThat(after.path("stages").get(0).path("status").asText()).startsWith("skipped");
        assertThat(after.path("stages").get(1).path("status").asText()).isEqualTo("ran");
    }

    @Test
    @Order(3)
    void anAddedDeploySectionRunsOnlyTheDeployStage() throws Exception {
        assertThat(out).as("runs after the demo test").isNotNull();
        Path jar = dev.edgetl.devices.deploy.Deployer.defaultRuntimeJar();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jar),
                "the runnable edge-runtime jar " + jar + " is not built (mvn package/verify builds it)");
        Path yaml = out.resolve("pipeline.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "deploy:\n  target: local\n  device: host\n  runs: 3\n  warmup: 1\n");
        String[] r = exec("pipeline", "--config", yaml.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r[0]).as(r[1] + r[2]).isIn("0", "3");
        assertThat(r[1]).contains("Deploy: local (host): measured p50 ");
        JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
        for (JsonNode s : rep.path("stages")) {
            assertThat(s.path("status").asText()).as(s.toString())
                    .isEqualTo(s.path("stage").asText().equals("deploy") ? "ran" : "skipped (inputs unchanged)");
        }
        JsonNode bench = rep.path("deploy").path("result").path("bench");
        assertThat(bench.path("p50Ms").asDouble()).isPositive();
        assertThat(rep.path("deploy").path("result").path("model").asText()).endsWith(rep.path("runtime").path("model").asText());
        assertThat(out.resolve("deploy/deploy-report.json")).isRegularFile();
    }

    @Test
    @Order(4)
    void thePipelineCommandRefusesABadConfigWithExitCode2() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "data: nowhere\nbase: scratch:mobilenet_v2\nbudget: {device: raspberry-pi-4}\ntraning: {}\n");
        String[] r = exec("pipeline", "--config", bad.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("unknown key 'traning'").doesNotContain("\tat ");
        Files.writeString(bad, "data: nowhere\nbase: scratch:mobilenet_v2\nbudget: {device: raspberry-pi-4}\n");
        r = exec("pipeline", "--config", bad.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("data: ").contains("nowhere is not a folder");
    }

    private static JsonNode variant(JsonNode compress, String name) {
        for (JsonNode v : compress.path("variants")) {
            if (v.path("name").asText().equals(name)) return v;
        }
        throw new AssertionError("no variant " + name + " in " + compress);
    }

    private static String pct(JsonNode v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v.asDouble());
    }

    private static String printedPercent(String printed, String row) {
        Matcher m = Pattern.compile("(?m)^  " + row + " +([0-9.]+%)").matcher(printed);
        assertThat(m.find()).as("summary row '" + row + "' in:\n" + printed).isTrue();
        return m.group(1);
    }
}
