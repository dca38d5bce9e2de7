package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.ConvModels.Case;
import dev.edgetl.runtime.kernels.ConvModels.Kind;
import dev.edgetl.runtime.kernels.ConvModels.Op;
import dev.edgetl.runtime.simd.SimdKernels;
import dev.edgetl.runtime.testing.OracleCheck;
import java.util.Arrays;
import java.util.Random;

/** Per-layer speed of MobileNetV2-shaped conv layers (not a test). */
public final class LayerBench {
    public static void main(String[] args) {
        Case[] layers = {
            new Case(Op.CONV, Kind.FLOAT, 1, 56, 56, 24, 144, 1, 1, 1, 1, 0, 3, true, 1),
            new Case(Op.CONV, Kind.UINT8, 1, 56, 56, 24, 144, 1, 1, 1, 1, 0, 3, true, 1),
            new Case(Op.CONV, Kind.INT8_PER_CHANNEL, 1, 56, 56, 24, 144, 1, 1, 1, 1, 0, 3, true, 1),
            new Case(Op.CONV, Kind.FLOAT, 1, 14, 14, 384, 64, 1, 1, 1, 1, 0, 0, true, 1),
            new Case(Op.CONV, Kind.UINT8, 1, 14, 14, 384, 64, 1, 1, 1, 1, 0, 0, true, 1),
            new Case(Op.DEPTHWISE, Kind.FLOAT, 1, 56, 56, 144, 1, 3, 3, 1, 1, 0, 3, true, 1),
            new Case(Op.DEPTHWISE, Kind.UINT8, 1, 56, 56, 144, 1, 3, 3, 1, 1, 0, 3, true, 1),
        };
        for (Case c : layers) {
            TfliteModel m = ModelReader.read(ConvModels.build(c), "bench");
            byte[] in = OracleCheck.randomTensorBytes(m.input(0), new Random(1));
            long macs = c.op() == Op.CONV ? 56L * 0 + (long) c.h() * c.w() * c.inC() * c.channels() * c.kH() * c.kW()
                    : (long) c.h() * c.w() * c.inC() * 9;
            for (InterpreterOptions o : new InterpreterOptions[] {InterpreterOptions.defaults(),
                SimdKernels.options(InterpreterOptions.defaults())}) {
                try (Interpreter it = Interpreter.create(m, o)) {
                    it.setInputBytes(0, in);
                    long[] t = new long[300];
                    for (int i = 0; i < 200; i++) {
                        it.run();
                    }
                    for (int i = 0; i < t.length; i++) {
                        long t0 = System.nanoTime();
                        it.run();
                        t[i] = System.nanoTime() - t0;
                    }
                    Arrays.sort(t);
                    System.out.printf("%-10s %-18s %-40s min %.3f ms p50 %.3f ms  %.1f GMAC/s (min)%n", o.backend().name(),
                            c.kind(), c.op() + " " + c.h() + "x" + c.w() + "x" + c.inC() + "->" + c.channels() + " k" + c.kH(),
                            t[0] / 1e6, t[t.length / 2] / 1e6, macs / (t[0] / 1e9) / 1e9);
                }
            }
        }
    }
}
