package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpResolver;
import org.tensorflow.lite.schema.BuiltinOperator;

/** Registers the MAC-heavy ops: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED. */
final class ConvKernels {
    private ConvKernels() {}

    static void register(OpResolver r) {
        r.register(BuiltinOperator.CONV_2D, Conv2D::create);
        r.register(BuiltinOperator.DEPTHWISE_CONV_2D, DepthwiseConv2D::create);
        r.register(BuiltinOperator.FULLY_CONNECTED, FullyConnected::create);
    }
}
