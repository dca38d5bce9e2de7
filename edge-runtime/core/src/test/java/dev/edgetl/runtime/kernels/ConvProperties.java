package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.ConvModels.Case;
import dev.edgetl.runtime.kernels.ConvModels.Kind;
import dev.edgetl.runtime.kernels.ConvModels.Op;
import dev.edgetl.runtime.testing.OracleCheck;
import java.util.Arrays;
import java.util.Random;

/**
 * Random-shape properties shared by the scalar (core) and Vector API (simd) tests: the optimised kernels
 * equal the reference (integer outputs byte for byte; float within {@link #FLOAT_TOLERANCE} of the largest
 * output, because the optimised kernels may fuse multiply-adds), and 1 and 2 threads give identical bytes.
 */
public final class ConvProperties {
    /**
     * Float sums of at most a few hundred products in a different rounding (FMA) differ by a few ulps of the
     * partial sums; 2e-5 of the largest output leaves a margin of ~10x over what the random cases show.
     */
    public static final float FLOAT_TOLERANCE = 2e-5f;

    private ConvProperties() {}

    public static Case randomCase(Random r, long seed) {
        Op op = Op.values()[r.nextInt(3)];
        Kind kind;
        do {
            kind = Kind.values()[r.nextInt(Kind.values().length)];
        } while (kind == Kind.HYBRID_ASYMMETRIC && op != Op.FC);
        int h = 1 + r.nextInt(12);
        int w = 1 + r.nextInt(12);
        int k = 1 + r.nextInt(5);
        int kw = r.nextBoolean() ? k : 1 + r.nextInt(5);
        int dil = 1 + r.nextInt(2);
        int padding = r.nextInt(2);
        if ((k - 1) * dil + 1 > h || (kw - 1) * dil + 1 > w) {
            padding = 0;
        }
        int inC = 1 + r.nextInt(op == Op.CONV ? 24 : 40);
        int channels = op == Op.DEPTHWISE ? 1 + r.nextInt(3) : 1 + r.nextInt(40);
        if (op == Op.FC) {
            h = 1 + r.nextInt(3);
            w = 1 + r.nextInt(3);
            k = 1;
            kw = 1;
            dil = 1;
        }
        return new Case(op, kind, 1 + r.nextInt(2), h, w, inC, channels, k, kw, 1 + r.nextInt(3), dil, padding,
                r.nextInt(4), r.nextInt(4) != 0, seed);
    }

    /** Checks {@code cases} random cases of {@code optimised} against the reference kernels. */
    public static void check(InterpreterOptions optimised, int cases, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < cases; i++) {
            Case c = randomCase(r, seed * 1000 + i);
            byte[] model = ConvModels.build(c);
            TfliteModel m = ModelReader.read(model, "property model");
            byte[] input = OracleCheck.randomTensorBytes(m.input(0), new Random(c.seed()));
            byte[] ref = run(m, input, optimised.withReferenceKernels(true).withThreads(1));
            byte[] one = run(m, input, optimised.withThreads(1));
            byte[] two = run(m, input, optimised.withThreads(2));
            DType t = m.output(0).dtype();
            if (t == DType.FLOAT32) {
                OracleCheck.assertFloatsClose(OracleCheck.floats(one), OracleCheck.floats(ref), FLOAT_TOLERANCE,
                        "optimised vs reference " + c);
            } else {
                OracleCheck.assertBytesEqual(one, ref, t, "optimised vs reference " + c);
            }
            if (!Arrays.equals(one, two)) {
                throw new AssertionError("1 and 2 threads differ: " + c);
            }
        }
    }

    static byte[] run(TfliteModel m, byte[] input, InterpreterOptions options) {
        try (Interpreter it = Interpreter.create(m, options)) {
            it.setInputBytes(0, input);
            it.run();
            return it.outputBytes(0);
        }
    }
}
