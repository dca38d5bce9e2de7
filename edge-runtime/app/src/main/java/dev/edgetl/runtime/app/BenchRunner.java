package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.SplittableRandom;

/**
 * Times {@link Interpreter#run()} on fixed pseudo-random inputs (seed 42: float in [-1, 1], integers over their
 * type's range), after {@code warmup} untimed runs. Peak heap is the sum of the heap pools' peak usage from
 * the start of the benchmark (an upper bound: pools may peak at different moments).
 */
public final class BenchRunner {
    private BenchRunner() {}

    public static BenchResult run(TfliteModel model, Backend backend, int threads, int warmup, int runs) {
        if (warmup < 0 || runs < 1 || threads < 1) {
            throw new IllegalArgumentException("need warmup >= 0, runs >= 1, threads >= 1");
        }
        resetPeaks();
        double[] ms = new double[runs];
        long arena;
        try (Interpreter interpreter = Interpreter.create(model, backend.options(threads))) {
            arena = interpreter.arenaBytes();
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < interpreter.inputCount(); i++) {
                fillRandom(interpreter.input(i), rnd);
            }
            for (int w = 0; w < warmup; w++) {
                interpreter.run();
            }
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                interpreter.run();
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return new BenchResult(model.source(), backend.describe(), threads, warmup, ms, arena, peakHeap());
    }

    static void fillRandom(Tensor t, SplittableRandom rnd) {
        for (int k = 0; k < t.size; k++) {
            int o = t.offset + k;
            if (t.dtype == DType.FLOAT32) {
                t.f[o] = (float) (rnd.nextDouble() * 2 - 1);
            } else if (t.b != null) {
                t.b[o] = (byte) rnd.nextInt(256);
            } else if (t.i != null) {
                t.i[o] = rnd.nextInt(256);
            } else if (t.l != null) {
                t.l[o] = rnd.nextInt(256);
            } else if (t.s != null) {
                t.s[o] = (short) rnd.nextInt(256);
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid() && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
