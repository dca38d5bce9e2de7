package dev.edgetl.softsensor.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * One LSTM layer over a batch-first window {@code [B, L, F]} from zero state, returning the last hidden state
 * {@code [B, H]}. The cell is written out with DJL array operations (autograd trains it) and has exactly TFLite's
 * UNIDIRECTIONAL_SEQUENCE_LSTM semantics: gates in the order input, forget, cell, output; one bias per gate;
 * {@code c = f*c + i*tanh(g)}, {@code h = o*tanh(c)}.
 *
 * <p>Why not {@code ai.djl.nn.recurrent.LSTM}: with DJL 0.36 and the PyTorch engine its outputs could not be
 * reproduced from the weights it exposes ({@code l_0_i2h_WEIGHT} ...): no gate order or layout matched a reference
 * cell, not even for the first time step from zero state, so an export from those weights would not be exact.
 * This block is small, and its export is checked against the real TFLite in the tests.
 */
public final class LstmLayer extends AbstractBlock {
    private final int cells;
    private final Parameter inputWeights; // [4H, F]
    private final Parameter recurrentWeights; // [4H, H]
    private final Parameter bias; // [4H]

    public LstmLayer(int cells) {
        super((byte) 1);
        this.cells = cells;
        inputWeights = addParameter(Parameter.builder().setName("input_weights").setType(Parameter.Type.WEIGHT)
                .optInitializer(new XavierInitializer()).build());
        recurrentWeights = addParameter(Parameter.builder().setName("recurrent_weights")
                .setType(Parameter.Type.WEIGHT).optInitializer(new XavierInitializer()).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    public int cells() {
        return cells;
    }

    public Parameter inputWeights() {
        return inputWeights;
    }

    public Parameter recurrentWeights() {
        return recurrentWeights;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long f = inputShapes[0].get(2);
        inputWeights.setShape(new Shape(4L * cells, f));
        recurrentWeights.setShape(new Shape(4L * cells, cells));
        bias.setShape(new Shape(4L * cells));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), cells)};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray wi = ps.getValue(inputWeights, x.getDevice(), training).transpose();
        NDArray wh = ps.getValue(recurrentWeights, x.getDevice(), training).transpose();
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        long batch = x.getShape().get(0);
        long steps = x.getShape().get(1);
        NDArray h = x.getManager().zeros(new Shape(batch, cells));
        NDArray c = x.getManager().zeros(new Shape(batch, cells));
        NDArray xi = x.matMul(wi).add(b); // the input projection of all steps at once: [B, L, 4H]
        for (long t = 0; t < steps; t++) {
            NDArray g = xi.get(":, " + t + ", :").add(h.matMul(wh));
            NDList parts = g.split(4, 1);
            NDArray i = Activation.sigmoid(parts.get(0));
            NDArray f = Activation.sigmoid(parts.get(1));
            NDArray cand = parts.get(2).tanh();
            NDArray o = Activation.sigmoid(parts.get(3));
            c = f.mul(c).add(i.mul(cand));
            h = o.mul(c.tanh());
        }
        return new NDList(h);
    }
}
