package dev.edgetl.softsensor.train;

/** Optimiser and stopping settings of one training run. */
public final class TrainOptions {
    public int maxEpochs = 200;
    /** Stop when the validation loss has not improved for this many epochs (0 = never). */
    public int patience = 25;
    public int batchSize = 64;
    public float learningRate = 1e-3f;
    public float weightDecay = 1e-4f;
    public long seed = 42;
    public boolean progress;
    public String progressLabel = "train";

    public TrainOptions copy() {
        TrainOptions o = new TrainOptions();
        o.maxEpochs = maxEpochs;
        o.patience = patience;
        o.batchSize = batchSize;
        o.learningRate = learningRate;
        o.weightDecay = weightDecay;
        o.seed = seed;
        o.progress = progress;
        o.progressLabel = progressLabel;
        return o;
    }
}
