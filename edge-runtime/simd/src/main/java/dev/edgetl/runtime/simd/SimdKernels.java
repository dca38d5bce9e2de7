package dev.edgetl.runtime.simd;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.gemm.GemmBackend;

/**
 * Entry point of the Vector API kernels. Callers check that the module is present before touching this
 * class ({@code ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()}), then run with
 * {@code SimdKernels.options(InterpreterOptions.defaults())}.
 */
public final class SimdKernels {
    private SimdKernels() {}

    /** The Vector API GEMM backend (preferred species of this CPU). */
    public static GemmBackend backend() {
        return VectorGemm.INSTANCE;
    }

    /** {@code options} with the conv, depthwise and fully-connected inner loops on the Vector API. */
    public static InterpreterOptions options(InterpreterOptions options) {
        return options.withBackend(backend());
    }
}
