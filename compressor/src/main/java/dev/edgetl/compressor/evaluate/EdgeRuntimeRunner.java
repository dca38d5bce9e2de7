package dev.edgetl.compressor.evaluate;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;

/** Runs a variant with edge-runtime's interpreter. */
public final class EdgeRuntimeRunner implements ModelRunner {
    private final Interpreter interpreter;
    private final VariableState state;

    public EdgeRuntimeRunner(byte[] model, String name, InterpreterOptions options) {
        dev.edgetl.runtime.format.TfliteModel m = ModelReader.read(model, name);
        this.interpreter = Interpreter.create(m, options);
        this.state = new VariableState(m, interpreter);
    }

    public static Factory factory(InterpreterOptions options) {
        return (model, name) -> new EdgeRuntimeRunner(model, name, options);
    }

    @Override
    public float[] run(float[] input) {
        Tensor in = interpreter.input(0);
        if (input.length != in.size) {
            throw new IllegalArgumentException("input has " + input.length + " values, " + in.describe() + " takes "
                    + in.size);
        }
        if (in.dtype == DType.FLOAT32) {
            System.arraycopy(input, 0, in.f, in.offset, in.size);
        } else if (in.dtype.isQuantized8()) {
            Quantize.into(input, in.dtype, in.scale(), in.zeroPoint(), in.b, in.offset);
        } else {
            throw new IllegalArgumentException(in.describe() + ": unsupported input type");
        }
        state.reset(); // independent inputs: state tensors (LSTM) start from zero each time
        interpreter.run();
        return interpreter.outputAsFloats(0);
    }

    @Override
    public void invoke() {
        state.reset();
        interpreter.run();
    }

    @Override
    public long arenaBytes() {
        return interpreter.arenaBytes();
    }

    @Override
    public long ramBytes() {
        return interpreter.arenaBytes() + interpreter.constantBytes() + interpreter.scratchBytes();
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
