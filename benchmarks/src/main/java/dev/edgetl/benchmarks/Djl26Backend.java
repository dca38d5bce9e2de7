package dev.edgetl.benchmarks;

import ai.djl.engine.Engine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.Interpreter;

/**
 * TensorFlow Lite 2.6 as shipped by DJL's {@code tflite-engine} 0.27 (native {@code tflite-native-cpu} 2.6.2).
 *
 * <p>DJL's engine loads the native library; inference then goes through the TFLite Java {@link Interpreter}
 * that DJL bundles (the same object DJL's {@code TfLiteSymbolBlock} wraps), because DJL's {@code Model.load}
 * builds it with default options and gives no way to pin one thread or switch XNNPACK. Inputs and outputs are
 * copied through direct buffers on every run, as DJL itself does; that copy (about 150 KB) is in the timing.
 */
public final class Djl26Backend implements Backend {
    private final String name;
    private final Interpreter interpreter;
    private final ByteBuffer[] in;
    private final Map<Integer, Object> out = new HashMap<>();

    public Djl26Backend(Path file, boolean xnnpack) {
        this.name = xnnpack ? "tflite-2.6-djl-xnnpack" : "tflite-2.6-djl";
        loadNative();
        Interpreter.Options options = new Interpreter.Options().setNumThreads(1).setUseXNNPACK(xnnpack);
        interpreter = new Interpreter(file.toFile(), options);
        in = new ByteBuffer[interpreter.getInputTensorCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = ByteBuffer.allocateDirect(interpreter.getInputTensor(i).numBytes()).order(ByteOrder.nativeOrder());
        }
        for (int o = 0; o < interpreter.getOutputTensorCount(); o++) {
            out.put(o, ByteBuffer.allocateDirect(interpreter.getOutputTensor(o).numBytes())
                    .order(ByteOrder.nativeOrder()));
        }
    }

    /** DJL's TFLite engine extracts and loads libtensorflowlite_jni from tflite-native-cpu (offline). */
    static synchronized void loadNative() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Engine engine = Engine.getEngine("TFLite");
        if (engine == null) {
            throw new IllegalStateException("DJL's TFLite engine is not on the class path");
        }
    }

    /** The TFLite runtime version DJL loaded, e.g. 2.6.2. */
    public static String version() {
        loadNative();
        return org.tensorflow.lite.TensorFlowLite.runtimeVersion();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setInputs(List<byte[]> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).length != in[i].capacity()) {
                throw new IllegalArgumentException(name + " input " + i + " takes " + in[i].capacity()
                        + " bytes, got " + inputs.get(i).length);
            }
            in[i].clear();
            in[i].put(inputs.get(i));
            in[i].rewind();
        }
    }

    @Override
    public void run() {
        for (ByteBuffer b : in) {
            b.rewind();
        }
        for (Object b : out.values()) {
            ((ByteBuffer) b).clear();
        }
        interpreter.runForMultipleInputsOutputs(in, out);
    }

    @Override
    public List<byte[]> outputs() {
        List<byte[]> outs = new ArrayList<>();
        for (int o = 0; o < out.size(); o++) {
            ByteBuffer b = ((ByteBuffer) out.get(o)).duplicate();
            b.rewind();
            byte[] bytes = new byte[b.capacity()];
            b.get(bytes);
            outs.add(bytes);
        }
        return outs;
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
