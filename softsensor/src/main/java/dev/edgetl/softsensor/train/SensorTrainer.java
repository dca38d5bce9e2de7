package dev.edgetl.softsensor.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.RandomUtils;
import dev.edgetl.softsensor.data.Windows;
import dev.edgetl.softsensor.models.SensorNet;
import dev.edgetl.trainer.TorchRuntime;
import dev.edgetl.trainer.train.Progress;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link SensorNet} with DJL's Trainer (Adam; L2 loss for regression, softmax cross-entropy for
 * classification). Training windows are shuffled inside the training part only (the parts themselves were cut in
 * time order). Early stopping on the validation loss; the best epoch's weights are restored at the end.
 */
public final class SensorTrainer {
    private SensorTrainer() {}

    /** Seeds the engine and Java RNGs (call before building a network so that its initial weights repeat). */
    public static void seed(long seed) {
        TorchRuntime.engine();
        Engine.getInstance().setRandomSeed((int) seed);
        RandomUtils.RANDOM.setSeed(seed);
    }

    public static TrainResult fit(SensorNet net, Windows train, Windows val, TrainOptions o, NDManager manager) {
        TorchRuntime.engine();
        if (train.n == 0) {
            throw new IllegalArgumentException("no training windows");
        }
        boolean cls = train.classification();
        Loss loss = cls ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss();
        TrainResult r = new TrainResult();
        r.trainSamples = train.n;
        r.valSamples = val == null ? 0 : val.n;
        long t0 = System.nanoTime();
        List<Parameter> params = new ArrayList<>();
        for (Pair<String, Parameter> p : net.network().getParameters()) {
            params.add(p.getValue());
        }
        float[][] best = null;
        int steps = (train.n + o.batchSize - 1) / o.batchSize;
        int sinceBest = 0;
        try (Model model = Model.newInstance("edgetl-softsensor", ai.djl.Device.cpu(), "PyTorch")) {
            model.setBlock(net.network());
            Optimizer opt = Optimizer.adam().optLearningRateTracker(Tracker.fixed(o.learningRate))
                    .optWeightDecays(o.weightDecay).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(opt));
                    Progress bar = Progress.start(o.progress, o.progressLabel, o.maxEpochs)) {
                int w = train.windowSize();
                for (int epoch = 1; epoch <= o.maxEpochs; epoch++) {
                    int[] order = permutation(train.n, new Random(o.seed * 1_000_003L + epoch));
                    double sum = 0;
                    for (int s = 0; s < steps; s++) {
                        int from = s * o.batchSize;
                        int b = Math.min(o.batchSize, train.n - from);
                        float[] x = new float[b * w];
                        float[] y = new float[cls ? b : b * train.targets];
                        for (int k = 0; k < b; k++) {
                            int i = order[from + k];
                            System.arraycopy(train.x, i * w, x, k * w, w);
                            if (cls) {
                                y[k] = train.labels[i];
                            } else {
                                System.arraycopy(train.y, i * train.targets, y, k * train.targets, train.targets);
                            }
                        }
                        try (NDManager sub = trainer.getManager().newSubManager()) {
                            NDArray xa = sub.create(x, new Shape(b, train.length, train.features));
                            NDArray ya = cls ? sub.create(y) : sub.create(y, new Shape(b, train.targets));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray pred = trainer.forward(new NDList(xa)).singletonOrThrow();
                                NDArray l = trainer.getLoss().evaluate(new NDList(ya), new NDList(pred));
                                gc.backward(l);
                                sum += l.getFloat() * b;
                            }
                            trainer.step();
                        }
                    }
                    double trainLoss = sum / train.n;
                    double valLoss = val == null || val.n == 0 ? trainLoss : loss(net, val, loss, manager, o.batchSize);
                    r.history.add(new double[] {epoch, trainLoss, valLoss});
                    if (valLoss < r.bestValLoss) {
                        r.bestValLoss = valLoss;
                        r.bestEpoch = epoch;
                        best = snapshot(params);
                        sinceBest = 0;
                    } else {
                        sinceBest++;
                    }
                    bar.step(String.format("epoch %d/%d train loss %.4f val loss %.4f best %d", epoch, o.maxEpochs,
                            trainLoss, valLoss, r.bestEpoch));
                    if (o.patience > 0 && sinceBest >= o.patience) {
                        r.stoppedEarly = true;
                        break;
                    }
                }
            }
        }
        if (best != null) {
            restore(params, best);
        }
        r.millis = (System.nanoTime() - t0) / 1_000_000;
        return r;
    }

    static double loss(SensorNet net, Windows w, Loss loss, NDManager manager, int batch) {
        float[] out = net.predict(manager, w.x, w.n, Math.max(batch, 256));
        try (NDManager sub = manager.newSubManager()) {
            NDArray pred = sub.create(out, new Shape(w.n, net.outputs()));
            NDArray label = w.classification() ? sub.create(toFloat(w.labels)) : sub.create(w.y, new Shape(w.n, w.targets));
            return loss.evaluate(new NDList(label), new NDList(pred)).getFloat();
        }
    }

    private static float[] toFloat(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static float[][] snapshot(List<Parameter> params) {
        float[][] s = new float[params.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = params.get(i).getArray().toFloatArray();
        }
        return s;
    }

    private static void restore(List<Parameter> params, float[][] values) {
        for (int i = 0; i < values.length; i++) {
            params.get(i).getArray().set(FloatBuffer.wrap(values[i]));
        }
    }
}
