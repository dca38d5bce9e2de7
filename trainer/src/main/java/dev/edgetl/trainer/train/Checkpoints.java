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
 * {@code epoch-N.params} + {@code epoch-N.optimizer} + {@code state.json} after every epoch and {@code best.params} when validation accuracy
 * improves, each written to a temporary file and renamed, so a {@code kill -9} leaves the previous epoch intact.
 * The parameters are DJL's own format ({@code Block.saveParameters}); {@code epoch-N.optimizer} holds Adam's moments
 * and step counts ({@link ResumableAdam}), so a resumed run continues the same optimisation.
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
        /** Adam steps taken up to this state (checks that the optimizer file belongs to it). */
        public int optimizerSteps;

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

    void save(Block block, ResumableAdam optimizer, State state) throws IOException {
        state.datasetFingerprint = fingerprint;
        state.baseSha256 = baseSha;
        state.mode = mode.name();
        state.optimizerSteps = optimizer.steps();
        // The epoch's parameters and optimizer state first, under names of their own; then state.json, whose
        // rename is the commit point; then the previous epoch's files go. A kill at any moment leaves a
        // state.json whose files are complete.
        ModelWriter.writeAtomically(paramsFile(state.epoch), params(block));
        ByteArrayOutputStream opt = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(opt)) {
            optimizer.save(block, out);
        }
        ModelWriter.writeAtomically(optimizerFile(state.epoch), opt.toByteArray());
        ModelWriter.writeAtomically(dir.resolve("state.json"), JSON.writeValueAsBytes(state));
        try (java.util.stream.Stream<Path> old = Files.list(dir)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith("epoch-") && !n.startsWith("epoch-" + state.epoch + ".")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Path paramsFile(int epoch) {
        return dir.resolve("epoch-" + epoch + ".params");
    }

    private Path optimizerFile(int epoch) {
        return dir.resolve("epoch-" + epoch + ".optimizer");
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
        read(block, manager, paramsFile(s.epoch));
        // Parameter.load gives fresh arrays: trainable ones need autograd again
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        return s;
    }

    /**
     * Adam's moments and step counts from {@code epoch-N.optimizer}, if it belongs to the saved state (same step count);
     * false when absent (a checkpoint from before optimizer state was saved: Adam restarts).
     */
    boolean loadOptimizer(Block block, ResumableAdam optimizer, NDManager manager) throws IOException {
        State s = JSON.readValue(dir.resolve("state.json").toFile(), State.class);
        Path file = optimizerFile(s.epoch);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            optimizer.restore(block, in, manager);
        }
        if (s.optimizerSteps != optimizer.steps()) {
            throw new IOException(file + " holds " + optimizer.steps() + " steps, state.json " + s.optimizerSteps);
        }
        return true;
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
