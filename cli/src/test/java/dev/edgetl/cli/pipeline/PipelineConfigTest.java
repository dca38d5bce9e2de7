package dev.edgetl.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    static final String MINIMAL = """
            data: data/task
            base: scratch:mobilenet_v2:0.35
            budget:
              device: raspberry-pi-4
            """;

    @Test
    void minimalConfigGetsTheDefaults() {
        PipelineConfig c = PipelineConfig.parse(MINIMAL, "p.yaml");
        assertThat(c.training.mode).isEqualTo("features");
        assertThat(c.compress.variants).containsExactly("fp16", "dynamic", "int8");
        assertThat(c.pretrain).isNull();
        assertThat(c.deploy).isNull();
        // What is written back parses to the same config.
        assertThat(PipelineConfig.parse(c.toYaml(), "again").toYaml()).isEqualTo(c.toYaml());
    }

    @Test
    void unknownKeysAreErrorsThatNameTheField() {
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL + "training:\n  epoch: 3\n", "p.yaml"))
                .isInstanceOf(PipelineConfig.ConfigException.class)
                .hasMessageContaining("p.yaml").hasMessageContaining("unknown key 'training.epoch'")
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL + "compres: {}\n", "p.yaml"))
                .hasMessageContaining("unknown key 'compres'");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL.replace("device", "devise"), "p.yaml"))
                .hasMessageContaining("unknown key 'budget.devise'");
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL.replace("data: data/task\n", ""), "p.yaml"))
                .hasMessageContaining("'data' is required");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL + "training:\n  epochs: many\n", "p.yaml"))
                .hasMessageContaining("training.epochs");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL + "training:\n  mode: magic\n", "p.yaml"))
                .hasMessageContaining("training.mode must be features or finetune");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL + "compress:\n  variants: [int4]\n", "p.yaml"))
                .hasMessageContaining("compress.variants: unknown variant 'int4'");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL.replace("base: scratch:mobilenet_v2:0.35", "base: pretrain"), "p.yaml"))
                .hasMessageContaining("base: pretrain needs a 'pretrain' section");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL.replace("budget:\n  device: raspberry-pi-4\n", ""), "p.yaml"))
                .hasMessageContaining("'budget' is required");
        assertThatThrownBy(() -> PipelineConfig.parse(MINIMAL + "architecture: resnet50\n", "p.yaml"))
                .hasMessageContaining("architecture 'resnet50' is not supported");
    }

    @Test
    void missingInputFilesAreNamedBeforeAnyStageRuns(@TempDir Path dir) {
        PipelineConfig c = PipelineConfig.parse(MINIMAL, "p.yaml");
        Pipeline p = new Pipeline(c, dir, dir.resolve("out"), System.err, false);
        assertThatThrownBy(p::checkInputs).hasMessageContaining("data: ").hasMessageContaining("is not a folder");
        PipelineConfig d = PipelineConfig.parse(MINIMAL.replace("scratch:mobilenet_v2:0.35", "models/none.tflite"), "p.yaml");
        assertThat(dir.resolve("data/task").toFile().mkdirs()).isTrue();
        assertThatThrownBy(new Pipeline(d, dir, dir.resolve("out"), System.err, false)::checkInputs)
                .hasMessageContaining("base: ").hasMessageContaining("none.tflite: no such file");
        PipelineConfig e = PipelineConfig.parse(MINIMAL.replace("raspberry-pi-4", "toaster"), "p.yaml");
        assertThatThrownBy(new Pipeline(e, dir, dir.resolve("out"), System.err, false)::checkInputs)
                .hasMessageContaining("budget.device: unknown device profile 'toaster'").hasMessageContaining("raspberry-pi-4");
    }

    /** The pipeline.yaml example in the README (between the pipeline-example markers) is a valid config. */
    @Test
    void theReadmeExampleParses() throws Exception {
        Path readme = Paths.get("..", "README.md");
        String text = Files.readString(readme);
        int from = text.indexOf("<!-- pipeline-example -->");
        assertThat(from).as("README.md has a <!-- pipeline-example --> block").isGreaterThanOrEqualTo(0);
        int start = text.indexOf("```yaml\n", from) + "```yaml\n".length();
        int end = text.indexOf("```", start);
        PipelineConfig c = PipelineConfig.parse(text.substring(start, end), "README.md pipeline example");
        assertThat(c.baseline.base).isEqualTo("scratch:mobilenet_v2:0.5");
        assertThat(c.baseline.training.mode).isEqualTo("finetune");
        assertThat(c.budget.device).isEqualTo("raspberry-pi-4");
    }
}
