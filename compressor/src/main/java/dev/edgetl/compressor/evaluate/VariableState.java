package dev.edgetl.compressor.evaluate;

import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The variable (state) tensors of a model, e.g. an LSTM's output and cell state: they keep their values between
 * runs, so every independent input (a soft sensor's window, a calibration sample) starts from the reset state,
 * like TFLite's ResetVariableTensors: zero, or the zero point of an 8-bit tensor.
 */
public final class VariableState {
    private final Tensor[] tensors;

    public VariableState(TfliteModel model, Interpreter interpreter) {
        List<Tensor> vars = new ArrayList<>();
        for (TensorSpec t : model.tensors()) {
            if (t.variable()) {
                vars.add(interpreter.tensor(t.index()));
            }
        }
        tensors = vars.toArray(new Tensor[0]);
    }

    public boolean isEmpty() {
        return tensors.length == 0;
    }

    public void reset() {
        for (Tensor t : tensors) {
            if (t.f != null) {
                Arrays.fill(t.f, t.offset, t.offset + t.size, 0f);
            } else if (t.b != null) {
                byte zp = t.quant != null && t.quant.isPresent() ? (byte) t.zeroPoint() : 0;
                Arrays.fill(t.b, t.offset, t.offset + t.size, zp);
            } else if (t.i != null) {
                Arrays.fill(t.i, t.offset, t.offset + t.size, 0);
            } else if (t.s != null) {
                Arrays.fill(t.s, t.offset, t.offset + t.size, (short) 0);
            } else if (t.l != null) {
                Arrays.fill(t.l, t.offset, t.offset + t.size, 0L);
            }
        }
    }
}
