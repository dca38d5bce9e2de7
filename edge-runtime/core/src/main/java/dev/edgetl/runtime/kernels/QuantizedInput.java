package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Tensor;

/** Reference-kernel access to an integer input value minus its zero point. */
final class QuantizedInput {
    private QuantizedInput() {}

    /**
     * Element {@code k} (relative to the tensor's offset) of a quantized input minus its zero point, or of the
     * hybrid kernel's per-batch quantized copy minus that batch's zero point.
     */
    static int value(Tensor in, HybridInput hybrid, int batch, int k) {
        if (hybrid != null) {
            return hybrid.q[k] - hybrid.zeroPoint[batch];
        }
        byte v = in.b[in.offset + k];
        return (in.dtype == DType.UINT8 ? v & 0xFF : v) - in.zeroPoint();
    }
}
