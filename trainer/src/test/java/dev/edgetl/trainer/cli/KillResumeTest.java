package dev.edgetl.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.testing.Fixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, section 7: {@code edgetl train} in a child JVM is killed with SIGKILL ({@code destroyForcibly} on Linux)
 * after its first checkpoint, then resumed with {@code --resume}; it must lose at most the epoch that was running
 * and end where an uninterrupted run with the same seed ends.
 */
class KillResumeTest {
    static final int EPOCHS = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> command(Path out, boolean resume) {
        List<String> c = new ArrayList<>();
        c.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx1g");
        c.add("-Dai.djl.offline=true");
        c.add("-Dai.djl.pytorch.num_threads=1");
        c.add("-Dai.djl.pytorch.num_interop_threads=1");
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(TrainCommand.class.getName());
        c.addAll(List.of("--data", Fixtures.require("datasets/hymenoptera").toString(),
                "--base", Fixtures.model("mobilenet_v1_0.25_224_float.tflite").toString(), "--out", out.toString(),
                "--mode", "finetune", "--freeze", "until:block9", "--image-size", "128", "--limit", "24",
                "--batch-size", "8", "--epochs", String.valueOf(EPOCHS), "--patience", "0", "--lr", "0.001",
                "--head-lr-mult", "5", "--lr-schedule", "cosine", "--no-progress", "--seed", "7"));
        if (resume) {
            c.add("--resume");
        }
        return c;
    }

    static Process start(Path out, boolean resume, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(out, resume));
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    static int runToEnd(Path out, boolean resume, Path log) throws Exception {
        Process p = start(out, resume, log);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child train did not finish; log " + Files.readString(log));
        }
        return p.exitValue();
    }

    static int checkpointEpoch(Path out) {
        File f = out.resolve("checkpoint/state.json").toFile();
        try {
            return f.isFile() ? JSON.readTree(f).path("epoch").asInt() : 0;
        } catch (Exception e) {
            return 0; // never half-written (atomic rename), but be tolerant while polling
        }
    }

    @Test
    void sigkillAfterTheFirstCheckpointThenResumeEndsLikeAnUninterruptedRun(@TempDir Path d) throws Exception {
        Path refOut = d.resolve("reference");
        Path log = d.resolve("child.log");
        assertThat(runToEnd(refOut, false, log)).as(() -> read(log)).isZero();

        Path out = d.resolve("killed");
        Process p = start(out, false, log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (checkpointEpoch(out) < 1 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        p.waitFor(1, TimeUnit.MINUTES);
        int saved = checkpointEpoch(out);
        assertThat(saved).as("epochs checkpointed before the kill").isBetween(1, EPOCHS - 1);
        assertThat(out.resolve("model.json")).as("the killed run must not have finished").doesNotExist();
        JsonNode before = JSON.readTree(out.resolve("checkpoint/state.json").toFile());

        assertThat(runToEnd(out, true, log)).as(() -> read(log)).isZero();
        JsonNode ref = JSON.readTree(refOut.resolve("report.json").toFile());
        JsonNode res = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(res.at("/run/resumed").asBoolean()).isTrue();
        assertThat(res.at("/run/optimizerStateRestored").asBoolean()).isTrue();
        assertThat(res.at("/history")).hasSize(EPOCHS);
        // The checkpointed epochs were kept, not trained again (their timings are the killed run's).
        for (int e = 0; e < saved; e++) {
            assertThat(res.at("/history/" + e)).isEqualTo(before.at("/history/" + e));
        }
        // Same seed, same data order, same augmentation and dropout draws, restored Adam state: the same run.
        for (int e = 0; e < EPOCHS; e++) {
            for (String k : new String[] {"trainLoss", "trainAccuracy", "valLoss", "valAccuracy"}) {
                assertThat(res.at("/history/" + e + "/" + k).asDouble()).as("epoch " + (e + 1) + " " + k)
                        .isCloseTo(ref.at("/history/" + e + "/" + k).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        assertThat(res.at("/metrics/valAccuracy").asDouble()).isEqualTo(ref.at("/metrics/valAccuracy").asDouble());
        JsonNode refCard = JSON.readTree(refOut.resolve("model.json").toFile());
        JsonNode resCard = JSON.readTree(out.resolve("model.json").toFile());
        for (int g = 0; g < refCard.at("/golden").size(); g++) {
            JsonNode a = refCard.at("/golden/" + g + "/output");
            JsonNode b = resCard.at("/golden/" + g + "/output");
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).asDouble()).isCloseTo(a.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        System.out.printf("kill -9 after epoch %d of %d; resumed run matches the uninterrupted one (val acc %.4f)%n",
                saved, EPOCHS, res.at("/metrics/valAccuracy").asDouble());
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
