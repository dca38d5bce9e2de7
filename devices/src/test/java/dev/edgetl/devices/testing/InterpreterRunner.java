package dev.edgetl.devices.testing;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code MODEL IN.bin OUT.bin [reference]}: runs edge-runtime-core's interpreter (1 thread) on raw little-endian
 * input bytes and writes output 0's bytes, the same contract as the runtime jar's {@code run --input-tensor}. Started
 * by the parity test on the host JVM and on the arm64 JVM under qemu, with the test class path.
 */
public final class InterpreterRunner {
    private InterpreterRunner() {}

    public static void main(String[] args) throws Exception {
        TfliteModel model = ModelReader.read(Path.of(args[0]));
        InterpreterOptions options = InterpreterOptions.defaults().withThreads(1)
                .withReferenceKernels(args.length > 3 && args[3].equals("reference"));
        try (Interpreter interpreter = Interpreter.create(model, options)) {
            interpreter.setInputBytes(0, Files.readAllBytes(Path.of(args[1])));
            interpreter.run();
            Files.write(Path.of(args[2]), interpreter.outputBytes(0));
        }
        System.out.println("os.arch=" + System.getProperty("os.arch"));
    }
}
