package dev.edgetl.softsensor.transfer;

import dev.edgetl.softsensor.data.DataSpec;
import dev.edgetl.softsensor.models.ModelSpec;
import dev.edgetl.softsensor.train.TrainOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A transfer experiment: pretrain on {@code source}, then for each target size n fine-tune on n labelled target
 * training windows (new head; features frozen or not) and, as the baseline, train the same network from scratch
 * on the same n windows. Both are scored on the target's test part.
 */
public final class TransferSpec {
    public DataSpec source;
    public DataSpec target;
    public ModelSpec model = new ModelSpec();
    public TrainOptions train = new TrainOptions();
    /** Target sizes; -1 = all target training windows. */
    public List<Integer> sizes = new ArrayList<>(List.of(25, 50, 100, 200, -1));
    public boolean freezeFeatures;
    /**
     * Keep the source's head (same targets, e.g. a later period of the same unit) instead of a new one; the target
     * values are then scaled with the source's target scaling, for both fine-tuning and scratch.
     */
    public boolean keepHead;
    /** Independent draws of the n target windows (and initialisations) averaged per size. */
    public int repeats = 3;
    public String name = "transfer";
}
