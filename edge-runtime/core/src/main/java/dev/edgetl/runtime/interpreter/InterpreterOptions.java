package dev.edgetl.runtime.interpreter;

import dev.edgetl.runtime.kernels.BuiltinKernels;
import dev.edgetl.runtime.kernels.gemm.GemmBackend;
import dev.edgetl.runtime.kernels.gemm.ScalarGemm;

/** Settings of one interpreter. Immutable; the {@code with...} methods return a copy. */
public final class InterpreterOptions {
    private final int threads;
    private final long arenaLimitBytes;
    private final boolean referenceKernels;
    private final OpResolver resolver;
    private final GemmBackend backend;

    public InterpreterOptions(int threads, long arenaLimitBytes, boolean referenceKernels, OpResolver resolver) {
        this(threads, arenaLimitBytes, referenceKernels, resolver, ScalarGemm.INSTANCE);
    }

    public InterpreterOptions(int threads, long arenaLimitBytes, boolean referenceKernels, OpResolver resolver,
            GemmBackend backend) {
        this.threads = threads;
        this.arenaLimitBytes = arenaLimitBytes;
        this.referenceKernels = referenceKernels;
        this.resolver = resolver;
        this.backend = backend;
    }

    /** The inner loops of the optimised conv/depthwise/fully-connected kernels (scalar unless replaced). */
    public GemmBackend backend() {
        return backend;
    }

    /** Replaces the GEMM backend, e.g. with {@code dev.edgetl.runtime.simd.SimdKernels.backend()}. */
    public InterpreterOptions withBackend(GemmBackend b) {
        if (b == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        return new InterpreterOptions(threads, arenaLimitBytes, referenceKernels, resolver, b);
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
        return new InterpreterOptions(n, arenaLimitBytes, referenceKernels, resolver, backend);
    }

    public InterpreterOptions withArenaLimitBytes(long limit) {
        return new InterpreterOptions(threads, limit, referenceKernels, resolver, backend);
    }

    /** Only the plain reference kernels: slow, the readable definition the optimised ones must agree with. */
    public InterpreterOptions withReferenceKernels(boolean reference) {
        return new InterpreterOptions(threads, arenaLimitBytes, reference, resolver, backend);
    }

    public InterpreterOptions withResolver(OpResolver r) {
        return new InterpreterOptions(threads, arenaLimitBytes, referenceKernels, r, backend);
    }
}
