package dev.edgetl.devices.testing;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.OracleCheck;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code MODEL [WARMUP RUNS]}: p50/min latency of edge-runtime-core's interpreter, 1 thread, on this JVM. Used to
 * record the "edgetl on the dev host" calibration points until the runtime jar's {@code bench --json} is merged
 * (then {@code deploy --target local --device host --bench --save-calibration} does the same). Not a test.
 */
public final class HostBench {
    private HostBench() {}

    public static void main(String[] args) throws Exception {
        TfliteModel model = ModelReader.read(Path.of(args[0]));
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (Interpreter interpreter = Interpreter.create(model, InterpreterOptions.defaults().withThreads(1))) {
            interpreter.setInputBytes(0, OracleCheck.randomTensorBytes(model.input(0), new Random(1)));
            for (int i = 0; i < warmup; i++) interpreter.run();
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                interpreter.run();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%s p50 %.2f ms min %.2f ms (%d runs, java %s)%n", Path.of(args[0]).getFileName(), ms[runs / 2], ms[0], runs,
                    System.getProperty("java.version"));
        }
    }
}
