package dev.edgetl.runtime.stream;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;
import java.util.Optional;

/**
 * Serves a soft-sensor model sample by sample: {@link #push} one row of sensor readings (the card's input
 * columns, in card order, in their own units); once {@code window.length} samples are in, every
 * {@code window.stride}-th push returns an estimate for the window ending at that sample. Before that, and
 * between strides, the result is empty.
 *
 * <p>Inputs are scaled with the card's input scaling, the model runs on the window (oldest sample first),
 * and regression outputs are unscaled with the card's target scaling. The model's variable tensors (an LSTM's
 * state) are reset before every window, so every estimate depends on its window only.
 *
 * <p>Bad samples (wrong number of columns, NaN or infinite readings) are refused with an
 * {@link IllegalArgumentException} naming the sample and the column; a refused sample is not stored, so the
 * caller may skip it or {@link #reset()} and start a new window. A model that produces a non-finite output is
 * reported as an {@link IllegalStateException}, never returned as an estimate.
 *
 * <p>Not thread-safe. {@link #push} does not allocate apart from the returned estimate.
 */
public final class SoftSensor implements AutoCloseable {
    private final SoftSensorCard card;
    private final Interpreter interpreter;
    private final Tensor input;
    private final Tensor output;
    private final int features;
    private final int length;
    private final float[] ring;
    private final float[] scaled;
    private int next;
    private long pushed;
    private long stored;

    public SoftSensor(TfliteModel model, SoftSensorCard card, InterpreterOptions options) {
        this.card = card;
        this.features = card.features();
        this.length = card.windowLength();
        checkModel(model, card);
        this.interpreter = Interpreter.create(model, options);
        this.input = interpreter.input(0);
        this.output = interpreter.output(0);
        this.ring = new float[length * features];
        this.scaled = new float[features];
    }

    public static SoftSensor open(TfliteModel model, SoftSensorCard card) {
        return new SoftSensor(model, card, InterpreterOptions.defaults());
    }

    private static void checkModel(TfliteModel model, SoftSensorCard card) {
        if (model.inputs().length != 1 || model.outputs().length != 1) {
            throw new ModelFormatException(model.source() + ": a soft-sensor model has one input and one output, this "
                    + "one has " + model.inputs().length + " and " + model.outputs().length);
        }
        TensorSpec in = model.input(0);
        int l = card.windowLength();
        int f = card.features();
        if (in.dtype() != DType.FLOAT32 || in.numElements() != l * f || in.shape().length == 0 || in.shape()[0] != 1) {
            throw new ModelFormatException(model.source() + ": input " + in.describe() + " does not take one float32 "
                    + "window of " + l + " samples x " + f + " inputs " + card.inputs() + " (shape [1, " + l + ", " + f
                    + "]) as the card says");
        }
        if (in.shape().length == 3 && (in.shape()[1] != l || in.shape()[2] != f)) {
            throw new ModelFormatException(model.source() + ": input " + in.describe() + " is not [1, " + l + ", " + f
                    + "] (window length x inputs of the card)");
        }
        TensorSpec out = model.output(0);
        int n = card.task() == SoftSensorCard.Task.REGRESSION ? card.targets().size() : card.labels().size();
        if (out.dtype() != DType.FLOAT32 || out.numElements() != n) {
            throw new ModelFormatException(model.source() + ": output " + out.describe() + " should be " + n
                    + " float32 values (" + (card.task() == SoftSensorCard.Task.REGRESSION ? "targets " + card.targets()
                    : "probabilities of " + card.labels()) + ")");
        }
    }

    public SoftSensorCard card() {
        return card;
    }

    /** Samples accepted since creation or the last {@link #reset()}. */
    public long samples() {
        return stored;
    }

    /** Forgets the buffered samples: the next estimate comes after a full new window. */
    public void reset() {
        stored = 0;
        next = 0;
        Arrays.fill(ring, 0f);
    }

    /**
     * Adds one sample (a value per card input, in card order, unscaled). Returns the estimate for the window
     * ending at this sample, or empty while the window is filling or between strides.
     *
     * @throws IllegalArgumentException naming the sample and column when the sample has the wrong number of
     *     values or a NaN/infinite value (the sample is not stored)
     */
    public Optional<Estimate> push(double[] sample) {
        pushed++;
        if (sample == null || sample.length != features) {
            throw new IllegalArgumentException("sample " + pushed + " has " + (sample == null ? 0 : sample.length)
                    + " values; the model takes " + features + " inputs " + card.inputs());
        }
        for (int k = 0; k < features; k++) {
            double v = sample[k];
            if (!SoftSensorCard.isFinite(v)) {
                throw new IllegalArgumentException("sample " + pushed + ", column " + (k + 1) + " '"
                        + card.inputs().get(k) + "' is " + v + "; soft sensors need a finite reading in every column");
            }
            scaled[k] = (float) card.scaleInput(k, v);
        }
        System.arraycopy(scaled, 0, ring, next * features, features);
        next = (next + 1) % length;
        stored++;
        if (stored < length || (stored - length) % card.windowStride() != 0) {
            return Optional.empty();
        }
        return Optional.of(estimate());
    }

    private Estimate estimate() {
        // The ring's oldest row is the one to be overwritten next.
        for (int r = 0; r < length; r++) {
            int row = (next + r) % length;
            System.arraycopy(ring, row * features, input.f, input.offset + r * features, features);
        }
        interpreter.resetVariableTensors();
        interpreter.run();
        int n = output.size;
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            float v = output.f[output.offset + k];
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                throw new IllegalStateException("the model's output " + k + " is " + v + " for the window ending at "
                        + "sample " + pushed + "; no estimate");
            }
            values[k] = v;
        }
        if (card.task() == SoftSensorCard.Task.REGRESSION) {
            for (int k = 0; k < n; k++) {
                values[k] = card.unscaleTarget(k, values[k]);
            }
            return new Estimate(pushed, card.targets(), values, -1);
        }
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return new Estimate(pushed, card.labels(), values, best);
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
