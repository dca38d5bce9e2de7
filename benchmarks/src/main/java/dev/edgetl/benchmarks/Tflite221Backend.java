package dev.edgetl.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithXNNPACK;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * TensorFlow Lite 2.21 (bytedeco build), one thread, either with its builtin kernels only (the correctness
 * reference) or with the XNNPACK delegate (its fast path; unsigned-quantized ops enabled so that the uint8
 * models are delegated too).
 */
public final class Tflite221Backend implements Backend {
    private final String name;
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final Interpreter interpreter;

    public Tflite221Backend(Path file, boolean xnnpack) {
        this.name = xnnpack ? "tflite-2.21-xnnpack" : "tflite-2.21-builtin";
        model = FlatBufferModel.BuildFromFile(file.toString());
        if (model == null || model.isNull()) {
            throw new IllegalArgumentException("TFLite 2.21 could not load " + file);
        }
        resolver = xnnpack ? new BuiltinOpResolverWithXNNPACK(true) : new BuiltinOpResolverWithoutDefaultDelegates();
        interpreter = new Interpreter();
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(1);
        if (builder.apply(interpreter) != tensorflowlite.kTfLiteOk) {
            throw new IllegalArgumentException("TFLite 2.21 could not build an interpreter for " + file);
        }
        if (interpreter.AllocateTensors() != tensorflowlite.kTfLiteOk) {
            throw new IllegalArgumentException("TFLite 2.21 could not allocate tensors for " + file);
        }
        builder.close();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setInputs(List<byte[]> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            TfLiteTensor t = interpreter.input_tensor(i);
            long n = tensorflowlite.TfLiteTensorByteSize(t);
            if (n != inputs.get(i).length) {
                throw new IllegalArgumentException(name + " input " + i + " takes " + n + " bytes, got "
                        + inputs.get(i).length);
            }
            new BytePointer(tensorflowlite.TfLiteTensorData(t)).capacity(n).put(inputs.get(i));
        }
    }

    @Override
    public void run() {
        if (interpreter.Invoke() != tensorflowlite.kTfLiteOk) {
            throw new IllegalStateException(name + ": Invoke failed");
        }
    }

    @Override
    public List<byte[]> outputs() {
        List<byte[]> outs = new ArrayList<>();
        long n = interpreter.outputs().limit();
        for (int o = 0; o < n; o++) {
            TfLiteTensor t = interpreter.output_tensor(o);
            long size = tensorflowlite.TfLiteTensorByteSize(t);
            byte[] b = new byte[(int) size];
            new BytePointer(tensorflowlite.TfLiteTensorData(t)).capacity(size).get(b);
            outs.add(b);
        }
        return outs;
    }

    @Override
    public void close() {
        interpreter.close();
        resolver.close();
        model.close();
    }
}
