package dev.edgetl.trainer.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.RandomFlipLeftRight;
import ai.djl.modality.cv.transform.RandomResizedCrop;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Pipeline;
import ai.djl.util.RandomUtils;
import dev.edgetl.trainer.BaseModels.BaseModel;
import dev.edgetl.trainer.TorchRuntime;
import dev.edgetl.trainer.arch.ConvBn;
import dev.edgetl.trainer.arch.ClassifierNet;
import dev.edgetl.trainer.data.DatasetException;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.data.ImageFolder.Sample;
import dev.edgetl.trainer.data.Images;
import dev.edgetl.trainer.data.Normalization;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Transfer learning from a pretrained MobileNetV2 with DJL's Trainer, Loss and Optimizer.
 *
 * <p>{@link TrainConfig.Mode#FEATURES}: the frozen backbone maps every image to its pooled embedding once
 * (cached on disk), then only the new head trains, on the cached embeddings. {@link TrainConfig.Mode#FINETUNE}:
 * images go through the whole network with augmentation; the freeze policy decides which units train, and frozen
 * units keep BatchNorm in inference mode. Every batch lives in a sub-manager of the trainer that is closed after
 * the step (without it libtorch memory grows by ~1.5 GB per step at 224x224).
 */
public final class TransferLearner {
    private final ImageFolder data;
    private final BaseModel base;
    private final TrainConfig cfg;
    private final Path outDir;
    private final NDManager manager;

    public TransferLearner(ImageFolder data, BaseModel base, TrainConfig cfg, Path outDir, NDManager manager) {
        this.data = data;
        this.base = base;
        this.cfg = cfg;
        this.outDir = outDir;
        this.manager = manager;
    }

    /** Checks that can fail before any training starts. */
    public static void checkImageSize(int size) {
        if (size < 32 || size > 1024 || size % 32 != 0) {
            throw new DatasetException("image size " + size + " can not serve a MobileNet: it needs a multiple of 32"
                    + " between 32 and 1024 (the network downsamples by 32)");
        }
    }

    public TrainResult run(boolean resume) throws IOException {
        checkImageSize(cfg.imageSize);
        TorchRuntime.engine();
        Engine.getInstance().setRandomSeed((int) cfg.seed);
        RandomUtils.RANDOM.setSeed(cfg.seed);
        List<String> classes = data.classes();
        List<Sample> trainSamples = limit(data.train(), cfg.seed);
        List<Sample> valSamples = limit(data.val(), cfg.seed + 1);
        ClassifierNet net = base.net;
        net.replaceClassifier(classes.size());
        net.head().initialize(manager, DataType.FLOAT32, new Shape(1, net.lastChannels()));

        TrainResult result = new TrainResult();
        result.classes = new ArrayList<>(classes);
        result.datasetFingerprint = data.fingerprint();
        Checkpoints ckpt = new Checkpoints(outDir.resolve("checkpoint"), result.datasetFingerprint, base.sha256, cfg.mode);

        if (cfg.mode == TrainConfig.Mode.FEATURES) {
            cfg.freeze.apply(net); // the backbone is not trained in this mode whatever the policy says
            long t0 = System.nanoTime();
            EmbeddingCache cache = new EmbeddingCache(outDir.resolve("cache"), manager, cfg.progress);
            String key = result.datasetFingerprint + "|" + base.name + "|" + base.sha256 + "|" + cfg.imageSize
                    + "|" + cfg.augment + "|" + cfg.limitPerSplit + (cfg.centerCrop ? "" : "|whole");
            EmbeddingCache.Set train = cache.embed("train", key, net.backbone(), trainSamples, cfg.imageSize,
                    base.normalization, cfg.augment, cfg.centerCrop, data.skipped());
            EmbeddingCache.Set val = cache.embed("val", key, net.backbone(), valSamples, cfg.imageSize,
                    base.normalization, false, cfg.centerCrop, data.skipped());
            result.embedMillis = (System.nanoTime() - t0) / 1_000_000;
            Batches trainB = (sub, idx) -> sub.create(train.rows(idx), new Shape(idx.length, train.dim));
            Batches valB = (sub, idx) -> sub.create(val.rows(idx), new Shape(idx.length, val.dim));
            loop(net.head(), null, trainB, train.labels, valB, val.labels, ckpt, resume, result);
            result.valFiles = val.files;
            result.valLabels = val.labels;
            result.trainCount = (int) train.files.stream().distinct().count(); // mirrored copies are not images
        } else {
            List<String> frozen = cfg.freeze.apply(net);
            calibrateBatchNorm(net, trainSamples);
            if (frozen.size() == net.units().size() && !cfg.freeze.freezesWholeBackbone()) {
                throw new IllegalArgumentException("freeze policy " + cfg.freeze + " freezes every unit");
            }
            long t0 = System.nanoTime();
            ImageSet train = ImageSet.load(trainSamples, cfg.imageSize, false, cfg.centerCrop, data.skipped());
            ImageSet val = ImageSet.load(valSamples, cfg.imageSize, true, cfg.centerCrop, data.skipped());
            result.embedMillis = (System.nanoTime() - t0) / 1_000_000;
            Normalization n = base.normalization;
            Pipeline aug = new Pipeline();
            if (cfg.augment) {
                aug.add(new RandomResizedCrop(cfg.imageSize, cfg.imageSize, 0.25, 1.0, 3.0 / 4, 4.0 / 3))
                        .add(new RandomFlipLeftRight()).add(new ToTensor())
                        .add(new ColorJitter(0.2f, 0.2f, 0.2f, RandomUtils.RANDOM));
            } else {
                aug.add(a -> centerCrop(a, cfg.imageSize)).add(new ToTensor());
            }
            aug.add(new Normalize(new float[] {n.mean() / 255, n.mean() / 255, n.mean() / 255},
                    new float[] {n.std() / 255, n.std() / 255, n.std() / 255}));
            Batches trainB = (sub, idx) -> {
                NDArray[] xs = new NDArray[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    ImageSet.Img img = train.images.get(idx[k]);
                    NDArray hwc = sub.create(java.nio.ByteBuffer.wrap(img.hwc), new Shape(img.h, img.w, 3), DataType.UINT8);
                    xs[k] = aug.transform(new NDList(hwc)).singletonOrThrow();
                }
                return NDArray_stack(xs);
            };
            Batches valB = (sub, idx) -> {
                float[][] chw = new float[idx.length][];
                for (int k = 0; k < idx.length; k++) {
                    chw[k] = Images.toChw(val.images.get(idx[k]).hwc, cfg.imageSize, cfg.imageSize, n);
                }
                return Images.batch(sub, chw, cfg.imageSize, cfg.imageSize);
            };
            loop(net.network(), net.head(), trainB, train.labels(), valB, val.labels(), ckpt, resume, result);
            result.valFiles = val.files();
            result.valLabels = val.labels();
        }
        result.skipped = new ArrayList<>(data.skipped());
        return result;
    }

    /** Images used to re-estimate BatchNorm statistics before fine-tuning. */
    static final int CALIBRATION_IMAGES = 64;

    /**
     * Units that will run BatchNorm in training mode get statistics measured on training images (inference mode,
     * centre crops) so that normalising with batch statistics starts from what the pretrained network computes.
     */
    private void calibrateBatchNorm(ClassifierNet net, List<Sample> samples) {
        List<ConvBn> trainable = new ArrayList<>();
        for (ConvBn c : net.convs()) {
            if (!c.isFrozen()) {
                trainable.add(c);
                c.startStatistics();
            }
        }
        if (trainable.isEmpty()) {
            return;
        }
        List<Sample> pick = new ArrayList<>(samples);
        Collections.shuffle(pick, new Random(cfg.seed));
        ParameterStore ps = new ParameterStore(manager, false);
        int used = 0;
        for (Sample s : pick) {
            if (used >= CALIBRATION_IMAGES) {
                break;
            }
            float[] chw;
            try {
                chw = Images.toChw(Images.viewRgb(Images.read(s.path), cfg.imageSize, cfg.centerCrop), cfg.imageSize,
                        cfg.imageSize, base.normalization);
            } catch (IOException | RuntimeException e) {
                continue; // the training loop records unreadable files
            }
            try (NDManager sub = manager.newSubManager()) {
                net.backbone().forward(ps, new NDList(Images.batch(sub, new float[][] {chw}, cfg.imageSize,
                        cfg.imageSize)), false);
            }
            used++;
        }
        for (ConvBn c : trainable) {
            c.finishStatistics();
        }
    }

    private static NDArray NDArray_stack(NDArray[] xs) {
        return ai.djl.ndarray.NDArrays.stack(new NDList(xs));
    }

    private static NDArray centerCrop(NDArray hwc, int size) {
        long h = hwc.getShape().get(0);
        long w = hwc.getShape().get(1);
        long y = (h - size) / 2;
        long x = (w - size) / 2;
        return hwc.get(y + ":" + (y + size) + "," + x + ":" + (x + size) + ",:");
    }

    private List<Sample> limit(List<Sample> samples, long seed) {
        if (cfg.limitPerSplit <= 0 || samples.size() <= cfg.limitPerSplit) {
            return samples;
        }
        List<Sample> copy = new ArrayList<>(samples);
        Collections.shuffle(copy, new Random(seed));
        return new ArrayList<>(copy.subList(0, cfg.limitPerSplit));
    }

    /** Creates a batch {@code [n, ...]} for the given sample indices inside {@code sub}. */
    interface Batches {
        NDArray make(NDManager sub, int[] indices);
    }

    /** The learning-rate schedule over the whole run ({@code epochs * stepsPerEpoch} updates). */
    static Tracker schedule(TrainConfig cfg, int stepsPerEpoch) {
        int total = Math.max(1, cfg.epochs * stepsPerEpoch);
        switch (cfg.schedule) {
            case COSINE:
                return Tracker.cosine().setBaseValue(cfg.learningRate).optFinalValue(0f).setMaxUpdates(total).build();
            case STEP: {
                List<Integer> at = new ArrayList<>();
                for (int e = cfg.stepEpochs; e < cfg.epochs; e += cfg.stepEpochs) {
                    at.add(e * stepsPerEpoch);
                }
                if (at.isEmpty()) {
                    return Tracker.fixed(cfg.learningRate);
                }
                return Tracker.multiFactor().setBaseValue(cfg.learningRate)
                        .setSteps(at.stream().mapToInt(Integer::intValue).toArray()).optFactor(cfg.stepFactor).build();
            }
            default:
                return Tracker.fixed(cfg.learningRate);
        }
    }

    /**
     * @param head the new layers that get {@link TrainConfig#headLrMultiplier} (fine-tuning), or null
     */
    private void loop(Block trainable, Block head, Batches trainB, int[] trainLabels, Batches valB, int[] valLabels,
            Checkpoints ckpt, boolean resume, TrainResult result) throws IOException {
        long t0 = System.nanoTime();
        Checkpoints.State state = resume ? ckpt.load(trainable, manager) : null;
        int startEpoch = 1;
        int sinceBest = 0;
        if (state != null) {
            result.history.addAll(state.history);
            result.bestEpoch = state.bestEpoch;
            result.bestValAccuracy = state.bestValAccuracy;
            result.resumed = true;
            startEpoch = state.epoch + 1;
            sinceBest = state.sinceBest;
        }
        result.trainCount = trainLabels.length;
        result.valCount = valLabels.length;
        int steps = (trainLabels.length + cfg.batchSize - 1) / cfg.batchSize;
        boolean finished = state != null && (state.stopped || state.epoch >= cfg.epochs);
        if (!finished) {
            try (Model model = Model.newInstance("edgetl-transfer", ai.djl.Device.cpu(), "PyTorch")) {
                model.setBlock(trainable);
                ResumableAdam.Builder ob = ResumableAdam.builder().schedule(schedule(cfg, steps))
                        .optWeightDecays(cfg.weightDecay);
                if (head != null && cfg.headLrMultiplier != 1f) {
                    ob.multiplier(cfg.headLrMultiplier, head.getParameters());
                }
                ResumableAdam opt = ob.build();
                DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(opt);
                try (Trainer trainer = model.newTrainer(tc);
                        Progress bar = Progress.start(cfg.progress, "train",
                                (long) steps * (cfg.epochs - startEpoch + 1))) {
                    if (state != null) {
                        result.optimizerStateRestored = ckpt.loadOptimizer(trainable, opt, trainer.getManager());
                    }
                    for (int epoch = startEpoch; epoch <= cfg.epochs; epoch++) {
                        long e0 = System.nanoTime();
                        // The shuffle depends on (seed, epoch) only, so a resumed run sees the same order.
                        List<Integer> order = new ArrayList<>();
                        for (int i = 0; i < trainLabels.length; i++) {
                            order.add(i);
                        }
                        Collections.shuffle(order, new Random(cfg.seed * 1_000_003L + epoch));
                        Engine.getInstance().setRandomSeed((int) (cfg.seed * 31 + epoch));
                        RandomUtils.RANDOM.setSeed(cfg.seed * 17 + epoch);
                        double lossSum = 0;
                        int correct = 0;
                        for (int s = 0; s < steps; s++) {
                            int from = s * cfg.batchSize;
                            int to = Math.min(trainLabels.length, from + cfg.batchSize);
                            int[] idx = new int[to - from];
                            float[] lab = new float[to - from];
                            for (int k = from; k < to; k++) {
                                idx[k - from] = order.get(k);
                                lab[k - from] = trainLabels[order.get(k)];
                            }
                            try (NDManager sub = trainer.getManager().newSubManager()) {
                                NDArray x = trainB.make(sub, idx);
                                NDArray y = sub.create(lab);
                                try (GradientCollector gc = trainer.newGradientCollector()) {
                                    NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                                    gc.backward(loss);
                                    lossSum += loss.getFloat() * idx.length;
                                    correct += countCorrect(pred, lab);
                                }
                                trainer.step();
                            }
                            bar.step(String.format("epoch %d/%d step %d/%d loss %.4f acc %.3f best val %.3f", epoch,
                                    cfg.epochs, s + 1, steps, lossSum / to, (double) correct / to, result.bestValAccuracy));
                        }
                        double[] v = evaluate(trainable, valB, valLabels, null);
                        EpochStats st = new EpochStats(epoch, lossSum / trainLabels.length,
                                (double) correct / trainLabels.length, v[0], v[1], (System.nanoTime() - e0) / 1_000_000);
                        result.history.add(st);
                        boolean better = v[1] > result.bestValAccuracy || result.bestEpoch == 0;
                        if (better) {
                            result.bestValAccuracy = v[1];
                            result.bestEpoch = epoch;
                            sinceBest = 0;
                            ckpt.saveBest(trainable);
                        } else {
                            sinceBest++;
                        }
                        boolean stop = cfg.patience > 0 && sinceBest >= cfg.patience && epoch < cfg.epochs;
                        ckpt.save(trainable, opt, new Checkpoints.State(epoch, result.bestEpoch, result.bestValAccuracy,
                                sinceBest, stop, result.history));
                        if (stop) {
                            result.stoppedEarly = true;
                            break;
                        }
                    }
                }
            }
        } else {
            result.stoppedEarly = state.stopped;
        }
        // The best checkpoint, not the last epoch, is the result.
        ckpt.loadBest(trainable, manager);
        float[][] probs = new float[valLabels.length][];
        double[] v = evaluate(trainable, valB, valLabels, probs);
        result.valProbabilities = probs;
        result.valPredicted = new int[valLabels.length];
        for (int i = 0; i < probs.length; i++) {
            result.valPredicted[i] = argmax(probs[i]);
        }
        result.bestValAccuracy = v[1];
        result.trainMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /** {loss, accuracy} on the validation set in inference mode; fills {@code probs} when given. */
    private double[] evaluate(Block block, Batches valB, int[] labels, float[][] probs) {
        ParameterStore ps = new ParameterStore(manager, false);
        double lossSum = 0;
        int correct = 0;
        Loss lossFn = Loss.softmaxCrossEntropyLoss();
        for (int from = 0; from < labels.length; from += cfg.batchSize) {
            int to = Math.min(labels.length, from + cfg.batchSize);
            int[] idx = new int[to - from];
            float[] lab = new float[to - from];
            for (int k = from; k < to; k++) {
                idx[k - from] = k;
                lab[k - from] = labels[k];
            }
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = valB.make(sub, idx);
                NDArray pred = block.forward(ps, new NDList(x), false).singletonOrThrow();
                lossSum += lossFn.evaluate(new NDList(sub.create(lab)), new NDList(pred)).getFloat() * idx.length;
                correct += countCorrect(pred, lab);
                if (probs != null) {
                    float[] p = pred.softmax(1).toFloatArray();
                    int c = (int) pred.getShape().get(1);
                    for (int k = 0; k < idx.length; k++) {
                        float[] row = new float[c];
                        System.arraycopy(p, k * c, row, 0, c);
                        probs[from + k] = row;
                    }
                }
            }
        }
        return new double[] {lossSum / labels.length, (double) correct / labels.length};
    }

    private static int countCorrect(NDArray pred, float[] lab) {
        long[] am = pred.argMax(1).toLongArray();
        int c = 0;
        for (int k = 0; k < lab.length; k++) {
            if (am[k] == (long) lab[k]) {
                c++;
            }
        }
        return c;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Decoded images kept in memory for fine-tuning (shorter side scaled to size/0.875, or centre crops). */
    static final class ImageSet {
        static final class Img {
            final byte[] hwc;
            final int w;
            final int h;
            final int label;
            final Path file;

            Img(byte[] hwc, int w, int h, int label, Path file) {
                this.hwc = hwc;
                this.w = w;
                this.h = h;
                this.label = label;
                this.file = file;
            }
        }

        final List<Img> images = new ArrayList<>();

        /** @param viewCrop {@link TrainConfig#centerCrop}: without it, images are scaled to size (no 1/0.875 margin) */
        static ImageSet load(List<Sample> samples, int size, boolean centerCrop, boolean viewCrop,
                List<ImageFolder.Skipped> skipped) {
            ImageSet set = new ImageSet();
            for (Sample s : samples) {
                BufferedImage img;
                try {
                    img = Images.read(s.path);
                } catch (IOException | RuntimeException e) {
                    skipped.add(new ImageFolder.Skipped(s.path, "unreadable: " + e.getMessage()));
                    continue;
                }
                if (centerCrop) {
                    set.images.add(new Img(Images.viewRgb(img, size, viewCrop), size, size, s.label, s.path));
                } else {
                    double scale = (viewCrop ? size / 0.875 : size) / Math.min(img.getWidth(), img.getHeight());
                    int w = Math.max(size, (int) Math.round(img.getWidth() * scale));
                    int h = Math.max(size, (int) Math.round(img.getHeight() * scale));
                    set.images.add(new Img(Images.resizeRgb(img, w, h), w, h, s.label, s.path));
                }
            }
            return set;
        }

        int[] labels() {
            return images.stream().mapToInt(i -> i.label).toArray();
        }

        List<Path> files() {
            List<Path> f = new ArrayList<>();
            images.forEach(i -> f.add(i.file));
            return f;
        }
    }
}
