package dev.edgetl.softsensor.transfer;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.edgetl.softsensor.data.DataException;
import dev.edgetl.softsensor.data.Scaling;
import dev.edgetl.softsensor.data.SensorDataset;
import dev.edgetl.softsensor.data.Windows;
import dev.edgetl.softsensor.models.SensorNet;
import dev.edgetl.softsensor.train.Metrics;
import dev.edgetl.softsensor.train.SensorTrainer;
import dev.edgetl.softsensor.train.TrainOptions;
import dev.edgetl.softsensor.train.TrainResult;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs a {@link TransferSpec}. The source model's own score on the target's test part (no target labels used) is
 * reported too when the head is kept. Protocol (the same for fine-tuning and scratch, so the comparison is fair):
 * <ul>
 *   <li>inputs are scaled with the <b>source</b> training part's scaling (the target has too few labels to fit
 *       one; the fine-tuned features expect it);
 *   <li>the n target windows are a seeded random draw from the target's training part (labelled samples spread
 *       over that period, as lab samples are); regression targets are scaled with statistics of those n labels
 *       only;
 *   <li>every 5th of the n windows (in time order) is held out for early stopping when n >= 10; the target's
 *       validation and test parts are never trained on; scores are on the target's test part, in target units;
 *   <li>each size is repeated with {@code repeats} draws and seeds; the report gives the mean (and each run).
 * </ul>
 */
public final class TransferStudy {
    public static final class Run {
        public int size;
        public int repeat;
        public String method; // "finetune" | "scratch"
        public Metrics metrics;
        public int epochs;
        public long millis;
    }

    public static final class Result {
        public TransferSpec spec;
        public SensorDataset source;
        public SensorDataset target;
        public Metrics sourceTest;
        /** The source model on the target's test part without any target label ({@code keepHead} only). */
        public Metrics zeroShot;
        public TrainResult pretraining;
        public final List<Run> runs = new ArrayList<>();
        public long millis;
    }

    public interface Listener {
        void progress(String message);
    }

    private TransferStudy() {}

    public static Result run(TransferSpec spec, Listener listener) {
        long t0 = System.nanoTime();
        Result r = new Result();
        r.spec = spec;
        r.source = SensorDataset.load(spec.source);
        r.target = SensorDataset.load(spec.target, r.source.inputScaling);
        SensorDataset s = r.source;
        SensorDataset t = r.target;
        if (s.train.length != t.train.length || s.train.features != t.train.features) {
            throw new DataException("source windows are " + s.train.length + "x" + s.train.features + ", target windows "
                    + t.train.length + "x" + t.train.features + ": transfer needs the same window and inputs");
        }
        boolean cls = t.labels != null;
        int outputs = cls ? t.labels.size() : t.targetNames.size();
        int sourceOutputs = s.labels != null ? s.labels.size() : s.targetNames.size();
        if (spec.keepHead && (sourceOutputs != outputs || !java.util.Objects.equals(s.labels, t.labels)
                || (s.labels == null) != (t.labels == null))) {
            throw new DataException("--head keep needs the same targets (or classes) in source and target");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTrainer.seed(spec.train.seed);
            SensorNet pre = spec.model.build(s.train.length, s.train.features, sourceOutputs);
            pre.initialize(m);
            TrainOptions po = spec.train.copy();
            po.progressLabel = "pretrain";
            listener.progress("pretraining on " + s.train.n + " source windows");
            r.pretraining = SensorTrainer.fit(pre, s.train, s.val.n > 0 ? s.val : null, po, m);
            r.sourceTest = Metrics.of(s.test, pre.predict(m, s.test.x, s.test.n, 256), s.targetScaling,
                    s.labels == null ? 0 : s.labels.size());
            if (spec.keepHead) {
                float[] out = pre.predict(m, t.test.x, t.test.n, 256);
                if (!cls) {
                    int tt = t.test.targets;
                    for (int i = 0; i < out.length; i++) {
                        out[i] = t.targetScaling.apply(s.targetScaling.invert(out[i], i % tt), i % tt);
                    }
                }
                r.zeroShot = Metrics.of(t.test, out, t.targetScaling, cls ? t.labels.size() : 0);
                listener.progress(String.format("source model on the target test part: %.4f", r.zeroShot.headline()));
            }
            List<float[]> pretrained = new ArrayList<>();
            for (Pair<String, Parameter> p : (spec.keepHead ? pre.network() : pre.features()).getParameters()) {
                pretrained.add(p.getValue().getArray().toFloatArray());
            }
            for (int size : spec.sizes) {
                int n = size < 0 ? t.train.n : size;
                if (n > t.train.n) {
                    listener.progress("size " + n + " skipped: the target training part has " + t.train.n + " windows");
                    continue;
                }
                for (int rep = 0; rep < spec.repeats; rep++) {
                    long seed = spec.train.seed + 1000L * rep + n;
                    int[] idx = draw(t.train.n, n, seed, size < 0);
                    for (String method : new String[] {"finetune", "scratch"}) {
                        long r0 = System.nanoTime();
                        SensorTrainer.seed(seed);
                        SensorNet net = spec.model.build(t.train.length, t.train.features, outputs);
                        net.initialize(m);
                        if (method.equals("finetune")) {
                            List<Parameter> ps = new ArrayList<>();
                            for (Pair<String, Parameter> p : (spec.keepHead ? net.network() : net.features())
                                    .getParameters()) {
                                ps.add(p.getValue());
                            }
                            for (int k = 0; k < ps.size(); k++) {
                                ps.get(k).getArray().set(FloatBuffer.wrap(pretrained.get(k)));
                            }
                            net.freezeFeatures(spec.freezeFeatures);
                        }
                        Run run = fitAndScore(net, t, idx, spec.train, seed, m, cls,
                                spec.keepHead ? s.targetScaling : null);
                        run.size = n;
                        run.repeat = rep;
                        run.method = method;
                        run.millis = (System.nanoTime() - r0) / 1_000_000;
                        r.runs.add(run);
                        listener.progress(String.format("n=%d run %d %s: %s %.4f", n, rep + 1, method,
                                cls ? "accuracy" : "R2", run.metrics.headline()));
                    }
                }
            }
        }
        r.millis = (System.nanoTime() - t0) / 1_000_000;
        return r;
    }

    private static Run fitAndScore(SensorNet net, SensorDataset t, int[] idx, TrainOptions base, long seed,
            NDManager m, boolean cls, Scaling fixedTargetScaling) {
        Windows chosen = t.train.subset(idx);
        Scaling ys = null;
        if (!cls) {
            double[][] raw = new double[chosen.targets][chosen.n];
            for (int i = 0; i < chosen.n; i++) {
                for (int j = 0; j < chosen.targets; j++) {
                    raw[j][i] = t.targetScaling.invert(chosen.y[i * chosen.targets + j], j);
                }
            }
            ys = fixedTargetScaling != null ? fixedTargetScaling
                    : Scaling.fit(raw, t.targetNames, "the " + chosen.n + " target samples");
            for (int i = 0; i < chosen.n; i++) {
                for (int j = 0; j < chosen.targets; j++) {
                    chosen.y[i * chosen.targets + j] = ys.apply(raw[j][i], j);
                }
            }
        }
        Windows fit = chosen;
        Windows hold = null;
        if (chosen.n >= 10) {
            List<Integer> a = new ArrayList<>();
            List<Integer> b = new ArrayList<>();
            for (int i = 0; i < chosen.n; i++) {
                (i % 5 == 4 ? b : a).add(i);
            }
            fit = chosen.subset(a.stream().mapToInt(Integer::intValue).toArray());
            hold = chosen.subset(b.stream().mapToInt(Integer::intValue).toArray());
        }
        TrainOptions o = base.copy();
        o.seed = seed;
        o.progress = false;
        o.batchSize = Math.min(o.batchSize, Math.max(8, fit.n / 4));
        TrainResult tr = SensorTrainer.fit(net, fit, hold, o, m);
        float[] out = net.predict(m, t.test.x, t.test.n, 256);
        if (!cls) {
            int tt = t.test.targets;
            for (int i = 0; i < t.test.n; i++) {
                for (int j = 0; j < tt; j++) {
                    out[i * tt + j] = t.targetScaling.apply(ys.invert(out[i * tt + j], j), j);
                }
            }
        }
        Run run = new Run();
        run.metrics = Metrics.of(t.test, out, t.targetScaling, cls ? t.labels.size() : 0);
        run.epochs = tr.history.size();
        return run;
    }

    /** n of the first {@code total} indices, seeded, in time order (all of them when {@code all}). */
    static int[] draw(int total, int n, long seed, boolean all) {
        if (all || n >= total) {
            int[] a = new int[total];
            for (int i = 0; i < total; i++) {
                a[i] = i;
            }
            return a;
        }
        int[] p = new int[total];
        for (int i = 0; i < total; i++) {
            p[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(total - i);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        int[] out = Arrays.copyOf(p, n);
        Arrays.sort(out);
        return out;
    }

    /** Mean of a metric over the repeats of one size and method ("rmse", "mae", "r2", "accuracy"). */
    public static double mean(Result r, int size, String method, String metric) {
        double sum = 0;
        int k = 0;
        for (Run run : r.runs) {
            if (run.size == size && run.method.equals(method)) {
                Metrics mt = run.metrics;
                sum += switch (metric) {
                    case "rmse" -> mt.rmse[0];
                    case "mae" -> mt.mae[0];
                    case "r2" -> mt.r2[0];
                    default -> mt.accuracy;
                };
                k++;
            }
        }
        return k == 0 ? Double.NaN : sum / k;
    }

    public static List<Integer> sizesRun(Result r) {
        List<Integer> s = new ArrayList<>();
        for (Run run : r.runs) {
            if (!s.contains(run.size)) {
                s.add(run.size);
            }
        }
        return s;
    }
}
