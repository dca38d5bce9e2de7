package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpResolver;

/** The op resolver with every kernel edge-runtime has. */
public final class BuiltinKernels {
    private BuiltinKernels() {}

    public static OpResolver all() {
        OpResolver r = new OpResolver();
        ConvKernels.register(r);
        ArithmeticKernels.register(r);
        LayoutKernels.register(r);
        SequenceKernels.register(r);
        return r;
    }
}
