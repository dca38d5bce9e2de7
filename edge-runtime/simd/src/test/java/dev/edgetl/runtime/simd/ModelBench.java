package dev.edgetl.runtime.simd;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.OracleCheck;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Whole-model latency, scalar vs Vector API backend, one thread, with time per op type (not a test; run
 * with {@code java --add-modules jdk.incubator.vector -cp ... dev.edgetl.runtime.simd.ModelBench MODEL...}).
 */
public final class ModelBench {
    private ModelBench() {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 40);
        System.out.println("JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, " + SimdKernels.backend().name());
        for (String file : args) {
            TfliteModel m = ModelReader.read(Path.of(file));
            byte[] input = OracleCheck.randomTensorBytes(m.input(0), new Random(1));
            for (InterpreterOptions o : new InterpreterOptions[] {InterpreterOptions.defaults(),
                SimdKernels.options(InterpreterOptions.defaults())}) {
                try (Interpreter it = Interpreter.create(m, o)) {
                    it.setInputBytes(0, input);
                    for (int i = 0; i < runs; i++) {
                        it.run();
                    }
                    long[] t = new long[runs];
                    for (int i = 0; i < runs; i++) {
                        long t0 = System.nanoTime();
                        it.run();
                        t[i] = System.nanoTime() - t0;
                    }
                    Arrays.sort(t);
                    Map<String, long[]> perOp = new TreeMap<>();
                    long[] last = {0};
                    for (int i = 0; i < 10; i++) {
                        last[0] = System.nanoTime();
                        it.run((op, interp) -> {
                            long now = System.nanoTime();
                            perOp.computeIfAbsent(op.opName(), k -> new long[1])[0] += now - last[0];
                            last[0] = now;
                        });
                    }
                    StringBuilder sb = new StringBuilder();
                    perOp.forEach((k, v) -> sb.append(String.format(" %s=%.2f", k, v[0] / 10 / 1e6)));
                    System.out.printf("%-45s %-11s p50 %7.2f ms  min %7.2f ms |%s%n", Path.of(file).getFileName(),
                            o.backend().name(), t[runs / 2] / 1e6, t[0] / 1e6, sb);
                }
            }
        }
    }
}
