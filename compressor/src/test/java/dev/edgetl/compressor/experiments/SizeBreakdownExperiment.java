package dev.edgetl.compressor.experiments;

import dev.edgetl.compressor.TestData;
import dev.edgetl.compressor.calibrate.Calibrator;
import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.quantize.Int8Quantizer;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.Fixtures;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.TensorT;

/** Where the bytes of a model file go: buffers, quantization vectors, names, the rest. */
public final class SizeBreakdownExperiment {
    public static void main(String[] args) throws Exception {
        TfliteModel model = ModelReader.read(Fixtures.model(TestData.MOBILENET));
        java.util.Map<Integer, dev.edgetl.compressor.calibrate.TensorStats> stats;
        try (InterpreterRecorder rec = new InterpreterRecorder(model, InterpreterOptions.defaults())) {
            stats = Calibrator.collect(rec, TestData.hymenoptera("train", 30), false, n -> {});
        }
        byte[] q = Int8Quantizer.quantize(model, Calibrator.ranges(stats, RangeMethod.MINMAX), Int8Options.defaults());
        print("float", Compressor2.bytes(model));
        print("int8", q);
    }

    static void print(String name, byte[] bytes) {
        ModelT m = ModelWriter.unpack(ModelReader.read(bytes, name));
        long buffers = 0;
        for (BufferT b : m.getBuffers()) {
            buffers += b.getData() == null ? 0 : b.getData().length;
        }
        long quant = 0;
        long names = 0;
        int tensors = 0;
        for (TensorT t : m.getSubgraphs()[0].getTensors()) {
            tensors++;
            names += t.getName() == null ? 0 : t.getName().length();
            if (t.getQuantization() != null) {
                var qp = t.getQuantization();
                quant += (qp.getScale() == null ? 0 : 4L * qp.getScale().length)
                        + (qp.getZeroPoint() == null ? 0 : 8L * qp.getZeroPoint().length)
                        + (qp.getMin() == null ? 0 : 4L * qp.getMin().length) + (qp.getMax() == null ? 0 : 4L * qp.getMax().length);
            }
        }
        System.out.printf("%s: file %d, buffers %d, quantization vectors %d, names %d, tensors %d, other %d%n", name,
                bytes.length, buffers, quant, names, tensors, bytes.length - buffers - quant - names);
    }

    static final class Compressor2 {
        static byte[] bytes(TfliteModel m) {
            byte[] b = new byte[m.bytes().limit()];
            m.bytes().duplicate().get(b);
            return b;
        }
    }
}
