package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpResolver;
import org.tensorflow.lite.schema.BuiltinOperator;

/** Registers pooling and layout ops: AVERAGE_POOL_2D, MAX_POOL_2D, MEAN, RESHAPE, SQUEEZE, CONCATENATION, PAD, TRANSPOSE,
 * SPLIT, STRIDED_SLICE. */
final class LayoutKernels {
    private LayoutKernels() {}

    static void register(OpResolver r) {
        r.register(BuiltinOperator.AVERAGE_POOL_2D, AveragePool2D::create);
        r.register(BuiltinOperator.MAX_POOL_2D, MaxPool2D::create);
        r.register(BuiltinOperator.MEAN, Mean::create);
        r.register(BuiltinOperator.RESHAPE, Reshape::create);
        r.register(BuiltinOperator.SQUEEZE, Squeeze::create);
        r.register(BuiltinOperator.CONCATENATION, Concatenation::create);
        r.register(BuiltinOperator.PAD, Pad::create);
        r.register(BuiltinOperator.TRANSPOSE, Transpose::create);
        r.register(BuiltinOperator.SPLIT, Split::create);
        r.register(BuiltinOperator.STRIDED_SLICE, StridedSlice::create);
    }
}
