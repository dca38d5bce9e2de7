package dev.edgetl.compressor.calibrate;

/**
 * Runs a float model on one input and reports every float activation (the graph input and each op output),
 * while it is intact. Production code uses edge-runtime's interpreter ({@link InterpreterRecorder}).
 */
public interface ActivationRecorder extends AutoCloseable {
    void run(float[] input, TensorSink sink);

    @FunctionalInterface
    interface TensorSink {
        void accept(int tensorIndex, float[] data, int offset, int length);
    }

    @Override
    void close();
}
