package dev.edgetl.runtime.interpreter;

import dev.edgetl.runtime.kernels.BuiltinKernels;

/** Settings of one interpreter. Immutable; the {@code with...} methods return a copy. */
public final class InterpreterOptions {
    private final int threads;
    private final long arenaLimitBytes;
    private final boolean referenceKernels;
    private final OpResolver resolver;

    public InterpreterOptions(int threads, long arenaLimitBytes, boolean referenceKernels, OpResolver resolver) {
        this.threads = threads;
        this.arenaLimitBytes = arenaLimitBytes;
        this.referenceKernels = referenceKernels;
        this.resolver = resolver;
    }

    public int threads() {
        return threads;
    }

    public long arenaLimitBytes() {
        return arenaLimitBytes;
    }

    public boolean referenceKernels() {
        return referenceKernels;
    }

    public OpResolver resolver() {
        return resolver;
    }


    public static InterpreterOptions defaults() {
        return new InterpreterOptions(1, 1L << 30, false, BuiltinKernels.all());
    }

    public InterpreterOptions withThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        return new InterpreterOptions(n, arenaLimitBytes, referenceKernels, resolver);
    }

    public InterpreterOptions withArenaLimitBytes(long limit) {
        return new InterpreterOptions(threads, limit, referenceKernels, resolver);
    }

    /** Only the plain reference kernels: slow, the readable definition the optimised ones must agree with. */
    public InterpreterOptions withReferenceKernels(boolean reference) {
        return new InterpreterOptions(threads, arenaLimitBytes, reference, resolver);
    }

    public InterpreterOptions withResolver(OpResolver r) {
        return new InterpreterOptions(threads, arenaLimitBytes, referenceKernels, r);
    }
}
