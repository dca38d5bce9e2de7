package dev.edgetl.trainer.train;

/** One epoch of the learning curves. */
public final class EpochStats {
    public int epoch;
    public double trainLoss;
    public double trainAccuracy;
    public double valLoss;
    public double valAccuracy;
    public long millis;

    public EpochStats() {}

    public EpochStats(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy, long millis) {
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.trainAccuracy = trainAccuracy;
        this.valLoss = valLoss;
        this.valAccuracy = valAccuracy;
        this.millis = millis;
    }
}
