package dev.edgetl.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * The reference: real TensorFlow Lite 2.21 (bytedeco) with its builtin kernels, XNNPACK off, one thread.
 * Inputs and outputs are raw little-endian tensor bytes, like {@code edgetl run --input-tensor}.
 */
public final class TfliteOracle implements AutoCloseable {
    private final FlatBufferModel model;
    private final BuiltinOpResolverWithoutDefaultDelegates resolver;
    private final Interpreter interpreter;
    private final Path tmp;

    private TfliteOracle(Path file, Path tmp) {
        this.tmp = tmp;
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalArgumentException("TFLite could not load " + file);
        }
        resolver = new BuiltinOpResolverWithoutDefaultDelegates();
        interpreter = new Interpreter();
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(1);
        if (builder.apply(interpreter) != tensorflowlite.kTfLiteOk) {
            throw new IllegalArgumentException("TFLite could not build an interpreter for " + file);
        }
        interpreter.SetNumThreads(1);
        if (interpreter.AllocateTensors() != tensorflowlite.kTfLiteOk) {
            throw new IllegalArgumentException("TFLite could not allocate tensors for " + file);
        }
    }

    public static TfliteOracle load(Path file) {
        return new TfliteOracle(file, null);
    }

    public static TfliteOracle load(byte[] modelBytes) throws IOException {
        Path tmp = Files.createTempFile("edgetl-oracle", ".tflite");
        Files.write(tmp, modelBytes);
        return new TfliteOracle(tmp, tmp);
    }

    public int inputCount() {
        return (int) interpreter.inputs().limit();
    }

    public int outputCount() {
        return (int) interpreter.outputs().limit();
    }

    /** Sets input {@code i} from raw bytes; the length must match exactly. */
    public void setInput(int i, byte[] bytes) {
        TfLiteTensor t = interpreter.input_tensor(i);
        long n = tensorflowlite.TfLiteTensorByteSize(t);
        if (n != bytes.length) {
            throw new IllegalArgumentException("oracle input " + i + " takes " + n + " bytes, got " + bytes.length);
        }
        new BytePointer(tensorflowlite.TfLiteTensorData(t)).capacity(n).put(bytes);
    }

    public void invoke() {
        if (interpreter.Invoke() != tensorflowlite.kTfLiteOk) {
            throw new IllegalStateException("TFLite Invoke failed");
        }
    }

    /** TFLite's ResetVariableTensors: variable tensors (e.g. LSTM state) back to zero. */
    public void resetVariableTensors() {
        if (interpreter.ResetVariableTensors() != tensorflowlite.kTfLiteOk) {
            throw new IllegalStateException("TFLite ResetVariableTensors failed");
        }
    }

    public byte[] output(int i) {
        return tensorBytes(interpreter.output_tensor(i));
    }

    /** Bytes of any tensor by index (for per-layer comparisons; intermediate tensors may be reused by TFLite). */
    public byte[] tensor(int index) {
        return tensorBytes(interpreter.tensor(index));
    }

    private static byte[] tensorBytes(TfLiteTensor t) {
        long n = tensorflowlite.TfLiteTensorByteSize(t);
        byte[] out = new byte[(int) n];
        new BytePointer(tensorflowlite.TfLiteTensorData(t)).capacity(n).get(out);
        return out;
    }

    /** Convenience: sets inputs in order, invokes, returns all outputs. */
    public List<byte[]> run(byte[]... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            setInput(i, inputs[i]);
        }
        invoke();
        List<byte[]> outs = new ArrayList<>();
        int n = outputCount();
        for (int i = 0; i < n; i++) {
            outs.add(output(i));
        }
        return outs;
    }

    @Override
    public void close() {
        interpreter.close();
        resolver.close();
        model.close();
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
