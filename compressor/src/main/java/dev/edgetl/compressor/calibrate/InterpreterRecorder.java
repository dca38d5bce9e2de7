package dev.edgetl.compressor.calibrate;

import dev.edgetl.compressor.evaluate.VariableState;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;

/** Records activations with edge-runtime's float interpreter through {@code Interpreter.run(OpObserver)}. */
public final class InterpreterRecorder implements ActivationRecorder {
    private final Interpreter interpreter;
    private final VariableState state;

    public InterpreterRecorder(TfliteModel model, InterpreterOptions options) {
        this.interpreter = Interpreter.create(model, options);
        this.state = new VariableState(model, interpreter);
    }

    @Override
    public void run(float[] input, TensorSink sink) {
        Tensor in = interpreter.input(0);
        if (input.length != in.size) {
            throw new IllegalArgumentException("input has " + input.length + " values, " + in.describe() + " takes "
                    + in.size);
        }
        System.arraycopy(input, 0, in.f, in.offset, in.size);
        state.reset(); // every calibration input is independent (a window starts from zero LSTM state)
        sink.accept(in.index(), in.f, in.offset, in.size);
        interpreter.run((op, it) -> {
            for (int o : op.outputs()) {
                Tensor t = it.tensor(o);
                if (t.dtype == DType.FLOAT32) {
                    sink.accept(o, t.f, t.offset, t.size);
                }
            }
        });
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
