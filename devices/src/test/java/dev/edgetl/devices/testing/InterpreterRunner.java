package dev.edgetl.devices.testing;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code (MODEL IN.bin OUT.bin)...}: runs edge-runtime-core's interpreter (1 thread) on raw little-endian input bytes
 * and writes output 0's bytes, the same contract as the runtime jar's {@code run --input-tensor}, for each triple in
 * one JVM (a JVM start under qemu costs seconds). Started by the parity test on the host JVM and on the arm64 JVM
 * under qemu, with the test class path.
 */
public final class InterpreterRunner {
    private InterpreterRunner() {}

    public static void main(String[] args) throws Exception {
        for (int k = 0; k + 2 < args.length; k += 3) {
            TfliteModel model = ModelReader.read(Path.of(args[k]));
            try (Interpreter interpreter = Interpreter.create(model, InterpreterOptions.defaults().withThreads(1))) {
                interpreter.setInputBytes(0, Files.readAllBytes(Path.of(args[k + 1])));
                interpreter.run();
                Files.write(Path.of(args[k + 2]), interpreter.outputBytes(0));
            }
        }
        System.out.println("os.arch=" + System.getProperty("os.arch"));
    }
}
