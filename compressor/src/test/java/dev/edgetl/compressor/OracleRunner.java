package dev.edgetl.compressor;

import dev.edgetl.compressor.evaluate.ModelRunner;
import dev.edgetl.compressor.evaluate.Quantize;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.TfliteOracle;

/** Test-only runner on real TFLite, so the pipeline can be tested apart from edge-runtime's kernels. */
public final class OracleRunner implements ModelRunner {
    private final TfliteOracle oracle;
    private final TensorSpec in;
    private final TensorSpec out;

    public OracleRunner(byte[] model, String name) {
        TfliteModel m = ModelReader.read(model, name);
        in = m.input(0);
        out = m.output(0);
        try {
            oracle = TfliteOracle.load(model);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public float[] run(float[] input) {
        byte[] x;
        if (in.dtype() == DType.FLOAT32) {
            x = OracleRecorder.floatBytes(input);
        } else {
            x = new byte[input.length];
            Quantize.into(input, in.dtype(), in.quantization().scale(), in.quantization().zeroPoint(), x, 0);
        }
        oracle.setInput(0, x);
        oracle.invoke();
        byte[] y = oracle.output(0);
        if (out.dtype() == DType.FLOAT32) {
            return OracleRecorder.floats(y);
        }
        float[] f = new float[y.length];
        for (int k = 0; k < y.length; k++) {
            int q = out.dtype() == DType.UINT8 ? y[k] & 0xFF : y[k];
            f[k] = out.quantization().scale() * (q - out.quantization().zeroPoint());
        }
        return f;
    }

    @Override
    public void invoke() {
        oracle.invoke();
    }

    @Override
    public long arenaBytes() {
        return -1;
    }

    @Override
    public long ramBytes() {
        return -1;
    }

    @Override
    public void close() {
        oracle.close();
    }
}
