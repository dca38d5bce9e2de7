package dev.edgetl.softsensor.train;

import java.util.ArrayList;
import java.util.List;

/** What a training run did: per-epoch losses, the best (restored) epoch, time. */
public final class TrainResult {
    public final List<double[]> history = new ArrayList<>(); // {epoch, train loss, validation loss}
    public int bestEpoch;
    public double bestValLoss = Double.POSITIVE_INFINITY;
    public boolean stoppedEarly;
    public long millis;
    public int trainSamples;
    public int valSamples;
}
