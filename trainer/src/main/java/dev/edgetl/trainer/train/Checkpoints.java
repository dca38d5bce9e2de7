package dev.edgetl.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.runtime.format.ModelWriter;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code last.params} + {@code state.json} after every epoch and {@code best.params} when validation accuracy
 * improves, each written to a temporary file and renamed, so a {@code kill -9} leaves the previous epoch intact.
 * The parameters are DJL's own format ({@code Block.saveParameters}). Adam's moment estimates are not part of a
 * DJL checkpoint: a resumed run restarts them (same data order and weights, not bit-identical updates).
 */
final class Checkpoints {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Progress of a run as saved in {@code state.json}. */
    static final class State {
        public int epoch;
        public int bestEpoch;
        public double bestValAccuracy;
        public int sinceBest;
        public boolean stopped;
        public List<EpochStats> history = new ArrayList<>();
        public String datasetFingerprint;
        public String baseSha256;
        public String mode;

        State() {}

        State(int epoch, int bestEpoch, double bestValAccuracy, int sinceBest, boolean stopped, List<EpochStats> history) {
            this.epoch = epoch;
            this.bestEpoch = bestEpoch;
            this.bestValAccuracy = bestValAccuracy;
            this.sinceBest = sinceBest;
            this.stopped = stopped;
            this.history = new ArrayList<>(history);
        }
    }

    private final Path dir;
    private final String fingerprint;
    private final String baseSha;
    private final TrainConfig.Mode mode;

    Checkpoints(Path dir, String fingerprint, String baseSha, TrainConfig.Mode mode) {
        this.dir = dir;
        this.fingerprint = fingerprint;
        this.baseSha = baseSha;
        this.mode = mode;
    }

    void save(Block block, State state) throws IOException {
        state.datasetFingerprint = fingerprint;
        state.baseSha256 = baseSha;
        state.mode = mode.name();
        // parameters first: a state.json always refers to parameters at least as new as itself
        ModelWriter.writeAtomically(dir.resolve("last.params"), params(block));
        ModelWriter.writeAtomically(dir.resolve("state.json"), JSON.writeValueAsBytes(state));
    }

    void saveBest(Block block) throws IOException {
        ModelWriter.writeAtomically(dir.resolve("best.params"), params(block));
    }

    /** The saved state with its parameters loaded into {@code block}, or null when there is no checkpoint. */
    State load(Block block, NDManager manager) throws IOException {
        Path stateFile = dir.resolve("state.json");
        if (!Files.isRegularFile(stateFile)) {
            return null;
        }
        State s = JSON.readValue(stateFile.toFile(), State.class);
        if (!Objects.equals(s.datasetFingerprint, fingerprint) || !Objects.equals(s.baseSha256, baseSha)
                || !Objects.equals(s.mode, mode.name())) {
            throw new IllegalStateException("checkpoint in " + dir + " belongs to another run (dataset, base model or"
                    + " mode differ): use another --out or drop --resume");
        }
        read(block, manager, dir.resolve("last.params"));
        // Parameter.load gives fresh arrays: trainable ones need autograd again
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        return s;
    }

    void loadBest(Block block, NDManager manager) throws IOException {
        read(block, manager, dir.resolve("best.params"));
    }

    private static byte[] params(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private static void read(Block block, NDManager manager, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
