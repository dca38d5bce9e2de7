package dev.edgetl.softsensor.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * A soft-sensor network in DJL: a feature part and a linear head, on input {@code [B, L, F]}. Each layout was
 * chosen so that the export to TFLite is exact (see {@code export.SensorExporter}):
 * <ul>
 *   <li>MLP: flatten (time-major, as TFLite RESHAPE) -> Linear -> ReLU -> Linear -> ReLU | head.
 *   <li>CNN1D: [B,F,L] -> Conv1d(k, valid) -> ReLU -> Conv1d(k) -> ReLU -> back to [B,L',C] -> flatten (time-major,
 *       as the NHWC conv output) -> Linear -> ReLU | head.
 *   <li>LSTM: one {@link LstmLayer} (TFLite's gate order and cell) -> last hidden state | head.
 * </ul>
 * The head is replaced for transfer learning (new targets or classes); the features can be frozen.
 */
public final class SensorNet {
    public final Architecture arch;
    public final int length;
    public final int features;
    public final int hidden;
    public final int kernel;
    private final Block featureBlock;
    private Linear head;
    private int outputs;
    private SequentialBlock network;

    private SensorNet(Architecture arch, int length, int features, int hidden, int kernel, Block featureBlock) {
        this.arch = arch;
        this.length = length;
        this.features = features;
        this.hidden = hidden;
        this.kernel = kernel;
        this.featureBlock = featureBlock;
    }

    /**
     * @param hidden units of the hidden layers (MLP), filters and dense units (CNN1D) or LSTM cells
     * @param kernel CNN1D kernel length along time (ignored otherwise)
     */
    public static SensorNet create(Architecture arch, int length, int features, int outputs, int hidden, int kernel) {
        if (length < 1 || features < 1 || outputs < 1 || hidden < 1) {
            throw new IllegalArgumentException("bad network size: window " + length + ", features " + features
                    + ", outputs " + outputs + ", hidden " + hidden);
        }
        SequentialBlock f = new SequentialBlock();
        switch (arch) {
            case MLP -> f.add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(hidden).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(hidden).build()).add(Activation::relu);
            case CNN1D -> {
                if (length < 2 * kernel - 1) {
                    throw new IllegalArgumentException("cnn1d with kernel " + kernel + " needs a window of at least "
                            + (2 * kernel - 1) + " steps, got " + length);
                }
                f.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().transpose(0, 2, 1)), "toChannelsFirst"))
                        .add(Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(hidden).build())
                        .add(Activation::relu)
                        .add(Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(hidden).build())
                        .add(Activation::relu)
                        .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().transpose(0, 2, 1)), "toTimeFirst"))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(hidden).build()).add(Activation::relu);
            }
            case LSTM -> f.add(new LstmLayer(hidden));
            default -> throw new IllegalArgumentException(arch.toString());
        }
        SensorNet net = new SensorNet(arch, length, features, hidden, kernel, f);
        net.newHead(outputs);
        return net;
    }

    /** Replaces the head by a fresh, uninitialised linear layer with {@code outputs} units. */
    public void newHead(int outputs) {
        this.outputs = outputs;
        this.head = Linear.builder().setUnits(outputs).build();
        this.network = new SequentialBlock().add(featureBlock).add(head);
    }

    /** Initialises the parameters that are not initialised yet (all of them, or just a new head). */
    public void initialize(NDManager manager) {
        Shape in = new Shape(1, length, features);
        if (!featureBlock.isInitialized()) {
            featureBlock.initialize(manager, DataType.FLOAT32, in);
        }
        if (!head.isInitialized()) {
            Shape fs = featureBlock.getOutputShapes(new Shape[] {in})[0];
            head.initialize(manager, DataType.FLOAT32, fs);
        }
    }

    public void freezeFeatures(boolean freeze) {
        featureBlock.freezeParameters(freeze);
    }

    public Block features() {
        return featureBlock;
    }

    public Linear head() {
        return head;
    }

    public Block network() {
        return network;
    }

    public int outputs() {
        return outputs;
    }

    /** Raw outputs (regression values or logits) for {@code [n, L, F]} windows, inference mode. */
    public float[] predict(NDManager manager, float[] x, int n, int batch) {
        float[] out = new float[n * outputs];
        ParameterStore ps = new ParameterStore(manager, false);
        int w = length * features;
        for (int from = 0; from < n; from += batch) {
            int b = Math.min(batch, n - from);
            try (NDManager sub = manager.newSubManager()) {
                float[] chunk = new float[b * w];
                System.arraycopy(x, from * w, chunk, 0, chunk.length);
                NDList r = network.forward(ps, new NDList(sub.create(chunk, new Shape(b, length, features))), false);
                float[] o = r.singletonOrThrow().toFloatArray();
                System.arraycopy(o, 0, out, from * outputs, o.length);
            }
        }
        return out;
    }
}
