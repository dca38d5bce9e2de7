package dev.edgetl.compressor;

import dev.edgetl.compressor.calibrate.ActivationRecorder;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.ModelT;

/**
 * Test-only activation recorder on real TFLite: every float activation becomes a graph output, so TFLite
 * keeps it intact. Lets the quantizer be tested independently of edge-runtime's kernels.
 */
public final class OracleRecorder implements ActivationRecorder {
    private final TfliteOracle oracle;
    private final int[] outputs;
    private final int input;

    public OracleRecorder(TfliteModel model) throws Exception {
        ModelT m = ModelWriter.unpack(model);
        List<Integer> outs = new ArrayList<>();
        for (TensorSpec t : model.tensors()) {
            if (!t.isConstant() && t.dtype() == DType.FLOAT32 && t.index() != model.inputs()[0]) {
                outs.add(t.index());
            }
        }
        outputs = outs.stream().mapToInt(Integer::intValue).toArray();
        m.getSubgraphs()[0].setOutputs(outputs);
        input = model.inputs()[0];
        oracle = TfliteOracle.load(dev.edgetl.runtime.format.ModelWriter.toBytes(m));
    }

    @Override
    public void run(float[] x, TensorSink sink) {
        byte[] in = floatBytes(x);
        List<byte[]> outs = oracle.run(in);
        sink.accept(input, x, 0, x.length);
        for (int k = 0; k < outputs.length; k++) {
            float[] f = floats(outs.get(k));
            sink.accept(outputs[k], f, 0, f.length);
        }
    }

    public static byte[] floatBytes(float[] x) {
        ByteBuffer bb = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(x);
        return bb.array();
    }

    public static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    @Override
    public void close() {
        oracle.close();
    }
}
