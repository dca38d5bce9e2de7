package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpResolver;
import org.tensorflow.lite.schema.BuiltinOperator;

/** Registers element-wise ops: ADD, SOFTMAX, RELU, RELU6, RELU_N1_TO_1, QUANTIZE, DEQUANTIZE. */
final class ArithmeticKernels {
    private ArithmeticKernels() {}

    static void register(OpResolver r) {
        r.register(BuiltinOperator.ADD, Add::create);
        r.register(BuiltinOperator.SOFTMAX, Softmax::create);
        r.register(BuiltinOperator.RELU, Relu::relu);
        r.register(BuiltinOperator.RELU6, Relu::relu6);
        r.register(BuiltinOperator.RELU_N1_TO_1, Relu::reluN1To1);
        r.register(BuiltinOperator.QUANTIZE, Quantize::create);
        r.register(BuiltinOperator.DEQUANTIZE, Dequantize::create);
    }
}
