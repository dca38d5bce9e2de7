package dev.edgetl.softsensor.models;

/** Which network and how wide: hidden units (MLP), filters and dense units (CNN1D) or cells (LSTM). */
public final class ModelSpec {
    public Architecture arch = Architecture.MLP;
    public int hidden = 32;
    public int kernel = 3;

    public ModelSpec() {}

    public ModelSpec(Architecture arch, int hidden, int kernel) {
        this.arch = arch;
        this.hidden = hidden;
        this.kernel = kernel;
    }

    public SensorNet build(int length, int features, int outputs) {
        return SensorNet.create(arch, length, features, outputs, hidden, kernel);
    }
}
