package dev.edgetl.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Adam exactly as DJL's {@code ai.djl.training.optimizer.Adam} computes it (the same fused engine op,
 * {@code NDArrayEx.adamUpdate}, with the same bias correction), plus two things DJL's class does not offer: its
 * state (first/second moments and the per-parameter step count) can be saved with a checkpoint and restored, so a
 * resumed run continues the same optimisation instead of restarting Adam; and a learning-rate multiplier for a
 * set of parameters (the new classifier head while fine-tuning). DJL keeps that state in private fields of
 * {@code Adam}/{@code Optimizer}, reachable only by reflection.
 */
public final class ResumableAdam extends Optimizer {
    private static final int MAGIC = 0x4544_4144; // "EDAD"

    private final Tracker schedule;
    private final float beta1 = 0.9f;
    private final float beta2 = 0.999f;
    private final float epsilon = 1e-8f;
    private final float multiplier;
    private final Set<String> multiplied = new HashSet<>();
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();

    private ResumableAdam(Builder b) {
        super(b);
        this.schedule = b.schedule;
        this.multiplier = b.multiplier;
        for (Pair<String, Parameter> p : b.multipliedParameters) {
            multiplied.add(p.getValue().getId());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = counts.merge(parameterId, 1, Integer::sum);
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float lr = schedule.getNewValue(parameterId, t) * (multiplied.contains(parameterId) ? multiplier : 1f);
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        float wd = getWeightDecay();
        if (!Float.isFinite(lr) || !Float.isFinite(wd)) {
            throw new IllegalStateException("learning rate or weight decay is nan or infinite");
        }
        NDArray m = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray v = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), lr, corrected, wd,
                rescaleGrad, clipGrad, beta1, beta2, epsilon, true, false);
    }

    /** Steps taken so far (the largest per-parameter count). */
    public int steps() {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Moments and counts by parameter name in {@code block} (ids are per-process; names are stable). */
    public void save(Block block, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        int n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (counts.containsKey(p.getValue().getId())) {
                n++;
            }
        }
        out.writeInt(n);
        for (Pair<String, Parameter> p : block.getParameters()) {
            String id = p.getValue().getId();
            if (!counts.containsKey(id)) {
                continue;
            }
            out.writeUTF(p.getKey());
            out.writeInt(counts.get(id));
            for (NDArray a : new NDArray[] {means.get(id), variances.get(id)}) {
                float[] f = a.toFloatArray();
                out.writeInt(f.length);
                for (float x : f) {
                    out.writeFloat(x);
                }
            }
        }
    }

    /** Restores what {@link #save} wrote, for the same block structure; arrays live in {@code manager}. */
    public void restore(Block block, DataInputStream in, NDManager manager) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not an optimizer state file");
        }
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int count = in.readInt();
            Parameter p = byName.get(name);
            if (p == null) {
                throw new IOException("optimizer state names parameter " + name + ", which the network does not have");
            }
            NDArray[] mv = new NDArray[2];
            for (int k = 0; k < 2; k++) {
                float[] f = new float[in.readInt()];
                for (int j = 0; j < f.length; j++) {
                    f[j] = in.readFloat();
                }
                if (f.length != p.getArray().getShape().size()) {
                    throw new IOException("optimizer state of " + name + " has " + f.length + " values, the parameter "
                            + p.getArray().getShape());
                }
                mv[k] = manager.create(f, p.getArray().getShape());
            }
            means.put(p.getId(), mv[0]);
            variances.put(p.getId(), mv[1]);
            counts.put(p.getId(), count);
        }
    }

    /** Builder: schedule, weight decay, and the parameters that get the learning-rate multiplier. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private Tracker schedule = Tracker.fixed(1e-3f);
        private float multiplier = 1f;
        private Iterable<Pair<String, Parameter>> multipliedParameters = new java.util.ArrayList<>();

        @Override
        protected Builder self() {
            return this;
        }

        public Builder schedule(Tracker t) {
            this.schedule = t;
            return this;
        }

        public Builder multiplier(float m, Iterable<Pair<String, Parameter>> parameters) {
            this.multiplier = m;
            this.multipliedParameters = parameters;
            return this;
        }

        public ResumableAdam build() {
            return new ResumableAdam(this);
        }
    }
}
