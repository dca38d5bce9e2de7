package dev.edgetl.trainer.train;

/** Training options (the {@code train} command's flags); plain fields with the defaults the tests rely on. */
public final class TrainConfig {
    /** {@code features}: backbone embeddings computed once and cached, only the new head trains (fast).
     *  {@code finetune}: images through the whole network, with augmentation and a freeze policy. */
    public enum Mode { FEATURES, FINETUNE }

    /** Learning-rate schedule over all updates: fixed, cosine decay to 0, or step decay. */
    public enum Schedule { FIXED, COSINE, STEP }

    public Mode mode = Mode.FEATURES;
    public int epochs = 60;
    public int batchSize = 32;
    public float learningRate = 1e-3f;
    public float weightDecay = 1e-4f;
    public Schedule schedule = Schedule.FIXED;
    /** {@link Schedule#STEP}: multiply the learning rate by {@link #stepFactor} every this many epochs. */
    public int stepEpochs = 10;
    public float stepFactor = 0.1f;
    /** Fine-tuning: the new head's learning rate is {@code learningRate * headLrMultiplier}. */
    public float headLrMultiplier = 1f;
    /** Epochs without a better validation accuracy before stopping; 0 disables early stopping. */
    public int patience = 15;
    public long seed = 42;
    /** Input size; 0 = the base model's. */
    public int imageSize = 224;
    public FreezePolicy freeze = FreezePolicy.parse("backbone");
    /** Random resized crop + horizontal flip + colour jitter (fine-tuning); horizontal flip copies (features). */
    public boolean augment = true;
    /** Evaluation view: true = centre crop (shorter side to size/0.875, centre size x size, ImageNet-style);
     *  false = the whole image resized to size x size (small images whose border matters, e.g. 28x28 clothes). */
    public boolean centerCrop = true;
    /** Validation fraction when the dataset has no train/ and val/ folders. */
    public double valFraction = 0.2;
    /** Show a progress bar on stderr. */
    public boolean progress = true;
    /** Limit images per split (0 = all): for smoke tests and quick looks. */
    public int limitPerSplit = 0;
    /** Never use the network for {@code --base} URLs / published-weights names (they must be cached). */
    public boolean offline = false;
    /** Expected architecture of the base model ({@code mobilenet_v1}, {@code mobilenet_v2}); null = whatever it is. */
    public String arch = null;
    /** Also train the same architecture from random weights for this many epochs (0 = no comparison). */
    public int compareScratchEpochs = 0;

    public TrainConfig copy() {
        TrainConfig c = new TrainConfig();
        c.mode = mode;
        c.epochs = epochs;
        c.batchSize = batchSize;
        c.learningRate = learningRate;
        c.weightDecay = weightDecay;
        c.schedule = schedule;
        c.stepEpochs = stepEpochs;
        c.stepFactor = stepFactor;
        c.headLrMultiplier = headLrMultiplier;
        c.patience = patience;
        c.seed = seed;
        c.imageSize = imageSize;
        c.freeze = freeze;
        c.augment = augment;
        c.centerCrop = centerCrop;
        c.valFraction = valFraction;
        c.progress = progress;
        c.limitPerSplit = limitPerSplit;
        c.offline = offline;
        c.arch = arch;
        c.compareScratchEpochs = compareScratchEpochs;
        return c;
    }
}
