package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpResolver;
import org.tensorflow.lite.schema.BuiltinOperator;

/** Registers recurrent ops: UNIDIRECTIONAL_SEQUENCE_LSTM. */
final class SequenceKernels {
    private SequenceKernels() {}

    static void register(OpResolver r) {
        r.register(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, UnidirectionalSequenceLstm::create);
    }
}
