package dev.edgetl.trainer.train;

import dev.edgetl.trainer.data.ImageFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a run produced: curves, the best epoch, and the best model's validation predictions. */
public final class TrainResult {
    public List<String> classes;
    public List<EpochStats> history = new ArrayList<>();
    public int bestEpoch;
    public double bestValAccuracy;
    public boolean stoppedEarly;
    public boolean resumed;
    /** Resumed with Adam's moments and step counts from the checkpoint (false: older checkpoint, Adam restarted). */
    public boolean optimizerStateRestored;
    public int trainCount;
    public int valCount;
    public List<Path> valFiles = new ArrayList<>();
    public int[] valLabels;
    public int[] valPredicted;
    public float[][] valProbabilities;
    public List<ImageFolder.Skipped> skipped = new ArrayList<>();
    public long embedMillis;
    public long trainMillis;
    public String datasetFingerprint;
}
