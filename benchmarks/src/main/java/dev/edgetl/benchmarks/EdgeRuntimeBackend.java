package dev.edgetl.benchmarks;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** edge-runtime: our pure-Java interpreter with the given options. */
public final class EdgeRuntimeBackend implements Backend {
    private final String name;
    private final Interpreter interpreter;

    public EdgeRuntimeBackend(String name, Path model, InterpreterOptions options) throws IOException {
        this.name = name;
        TfliteModel m = ModelReader.read(model);
        this.interpreter = Interpreter.create(m, options);
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setInputs(List<byte[]> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            interpreter.setInputBytes(i, inputs.get(i));
        }
    }

    @Override
    public void run() {
        interpreter.run();
    }

    @Override
    public List<byte[]> outputs() {
        List<byte[]> outs = new ArrayList<>();
        for (int o = 0; o < interpreter.outputCount(); o++) {
            outs.add(interpreter.outputBytes(o));
        }
        return outs;
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
