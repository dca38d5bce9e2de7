package dev.edgetl.runtime.testing;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import java.util.Random;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;
import org.tensorflow.lite.schema.UnidirectionalSequenceLSTMOptionsT;

/**
 * Builds UNIDIRECTIONAL_SEQUENCE_LSTM models with random weights, laid out as the soft-sensor contract says
 * (24 inputs, variable state tensors, Keras-style LSTM), optionally followed by the contract's head:
 * STRIDED_SLICE (last time step) -> FULLY_CONNECTED. Tests change fields before {@link #build()}.
 */
public final class LstmModels {
    public int length = 5;
    public int features = 3;
    public int cells = 4;
    public int batch = 1;
    public boolean timeMajor;
    public byte activation = ActivationFunctionType.TANH;
    public float cellClip;
    /** Targets of the FULLY_CONNECTED head; 0 = the LSTM's sequence output is the model output. */
    public int headOutputs;
    /** With a head: SOFTMAX after it (a classifier). */
    public boolean softmax;
    public long seed = 1;
    /** int8 LSTM weights, per-tensor symmetric (what TFLite's dynamic-range quantizer writes): a hybrid LSTM. */
    public boolean hybrid;
    public boolean asymmetricQuantizeInputs;
    /** Test hooks for malformed models. */
    public boolean variableState = true;
    public int[] recurrentShapeOverride;
    public boolean dropInputToForget;
    public boolean withPeephole;
    public int inputCount = 24;
    public byte[] metadata;

    public byte[] build() {
        Random rnd = new Random(seed);
        ModelBuilder b = new ModelBuilder("lstm L=" + length + " F=" + features + " cells=" + cells);
        int[] inShape = timeMajor ? new int[] {length, batch, features} : new int[] {batch, length, features};
        int x = b.tensor("window", DType.FLOAT32, inShape, Quantization.NONE);
        // Keras' glorot-like scale keeps the gates away from saturation, so the comparison tests real arithmetic.
        float wScale = (float) (1.0 / Math.sqrt(features));
        float rScale = (float) (1.0 / Math.sqrt(cells));
        int[] in = new int[24];
        java.util.Arrays.fill(in, -1);
        in[0] = x;
        String[] gates = {"i", "f", "c", "o"};
        for (int g = 0; g < 4; g++) {
            in[1 + g] = weights(b, "w_" + gates[g], new int[] {cells, features}, random(rnd, cells * features, wScale));
            int[] rShape = recurrentShapeOverride != null ? recurrentShapeOverride : new int[] {cells, cells};
            in[5 + g] = weights(b, "r_" + gates[g], rShape, random(rnd, rShape[0] * rShape[1], rScale));
            in[12 + g] = b.constant("b_" + gates[g], new int[] {cells}, random(rnd, cells, 0.5f));
        }
        if (dropInputToForget) {
            in[2] = -1;
        }
        if (withPeephole) {
            in[9] = b.constant("peephole_i", new int[] {cells}, random(rnd, cells, 0.5f));
            in[10] = b.constant("peephole_f", new int[] {cells}, random(rnd, cells, 0.5f));
            in[11] = b.constant("peephole_o", new int[] {cells}, random(rnd, cells, 0.5f));
        }
        int[] stateShape = {batch, cells};
        in[18] = variableState ? b.variable("output_state", DType.FLOAT32, stateShape, Quantization.NONE)
                : b.tensor("output_state", DType.FLOAT32, stateShape, Quantization.NONE);
        in[19] = variableState ? b.variable("cell_state", DType.FLOAT32, stateShape, Quantization.NONE)
                : b.tensor("cell_state", DType.FLOAT32, stateShape, Quantization.NONE);
        int[] outShape = timeMajor ? new int[] {length, batch, cells} : new int[] {batch, length, cells};
        int seq = b.tensor("sequence", DType.FLOAT32, outShape, Quantization.NONE);
        UnidirectionalSequenceLSTMOptionsT o = new UnidirectionalSequenceLSTMOptionsT();
        o.setFusedActivationFunction(activation);
        o.setCellClip(cellClip);
        o.setProjClip(0f);
        o.setTimeMajor(timeMajor);
        o.setAsymmetricQuantizeInputs(asymmetricQuantizeInputs);
        b.op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, java.util.Arrays.copyOf(in, inputCount), new int[] {seq},
                BuiltinOptions.UnidirectionalSequenceLSTMOptions, o);
        int out = seq;
        if (headOutputs > 0) {
            if (timeMajor) {
                throw new IllegalArgumentException("the head slices batch-major sequences");
            }
            int begin = b.constantInt32("begin", new int[] {3}, new int[] {0, length - 1, 0}, Quantization.NONE);
            int end = b.constantInt32("end", new int[] {3}, new int[] {batch, length, cells}, Quantization.NONE);
            int strides = b.constantInt32("strides", new int[] {3}, new int[] {1, 1, 1}, Quantization.NONE);
            int last = b.tensor("last_step", DType.FLOAT32, new int[] {batch, cells}, Quantization.NONE);
            StridedSliceOptionsT so = new StridedSliceOptionsT();
            so.setShrinkAxisMask(2);
            b.op(BuiltinOperator.STRIDED_SLICE, new int[] {seq, begin, end, strides}, new int[] {last},
                    BuiltinOptions.StridedSliceOptions, so);
            int w = b.constant("head_w", new int[] {headOutputs, cells}, random(rnd, headOutputs * cells, rScale));
            int bias = b.constant("head_b", new int[] {headOutputs}, random(rnd, headOutputs, 0.5f));
            out = b.tensor("estimate", DType.FLOAT32, new int[] {batch, headOutputs}, Quantization.NONE);
            FullyConnectedOptionsT fo = new FullyConnectedOptionsT();
            b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {last, w, bias}, new int[] {out},
                    BuiltinOptions.FullyConnectedOptions, fo);
            if (softmax) {
                int p = b.tensor("probabilities", DType.FLOAT32, new int[] {batch, headOutputs}, Quantization.NONE);
                org.tensorflow.lite.schema.SoftmaxOptionsT so2 = new org.tensorflow.lite.schema.SoftmaxOptionsT();
                so2.setBeta(1f);
                b.op(BuiltinOperator.SOFTMAX, new int[] {out}, new int[] {p}, BuiltinOptions.SoftmaxOptions, so2);
                out = p;
            }
        }
        if (metadata != null) {
            b.metadata("edgetl.softsensor", metadata);
        }
        return b.inputs(x).outputs(out).build();
    }

    private int weights(ModelBuilder b, String name, int[] shape, float[] values) {
        if (!hybrid) {
            return b.constant(name, shape, values);
        }
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        float scale = max == 0 ? 1f : max / 127f;
        byte[] q = new byte[values.length];
        for (int k = 0; k < q.length; k++) {
            q[k] = (byte) Math.max(-127, Math.min(127, Math.round(values[k] / scale)));
        }
        return b.constant(name, DType.INT8, shape, Quantization.perTensor(scale, 0), q);
    }

    private static float[] random(Random rnd, int n, float scale) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }
}
