package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.UnidirectionalSequenceLSTMOptions;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM, float32: the plain LSTM a Keras {@code LSTM} layer (or edgetl's trainer) exports,
 * with TFLite's semantics (lstm_eval.cc, float path). For every time step and batch row:
 * <pre>
 *   gate_x = bias_x + W_x . input + R_x . h        (x in i, f, c, o; each dot product summed, then added)
 *   i = sigmoid(gate_i)  f = sigmoid(gate_f)  g = act(gate_c)  o = sigmoid(gate_o)
 *   c = f * c + i * g    (clipped to +-cell_clip when cell_clip > 0)
 *   h = o * act(c)       -> output[t] and the output state
 * </pre>
 * The output state h and the cell state c are VARIABLE tensors (inputs 18 and 19): they keep their values
 * between runs, exactly like TFLite, until {@code Interpreter.resetVariableTensors()}.
 *
 * <p>The hybrid variant (int8 per-tensor weights, float input and state: what TFLite's dynamic-range quantizer
 * writes) follows TFLite's hybrid step: see {@link Hybrid}. Only what that LSTM needs is supported; CIFG (no input
 * gate), peepholes, projection, layer normalisation, diagonal recurrent weights, uint8 and per-channel weights are
 * refused with an error naming the input, rather than computed approximately.
 */
final class UnidirectionalSequenceLstm {
    /** TFLite's input order (schema / unidirectional_sequence_lstm.cc). */
    private static final String[] INPUT_NAMES = {"input",
        "input_to_input_weights", "input_to_forget_weights", "input_to_cell_weights", "input_to_output_weights",
        "recurrent_to_input_weights", "recurrent_to_forget_weights", "recurrent_to_cell_weights",
        "recurrent_to_output_weights",
        "cell_to_input_weights", "cell_to_forget_weights", "cell_to_output_weights",
        "input_gate_bias", "forget_gate_bias", "cell_gate_bias", "output_gate_bias",
        "projection_weights", "projection_bias", "output_state", "cell_state",
        "input_layer_norm_coefficients", "forget_layer_norm_coefficients", "cell_layer_norm_coefficients",
        "output_layer_norm_coefficients"};

    private static final int OUTPUT_STATE = 18;
    private static final int CELL_STATE = 19;

    private UnidirectionalSequenceLstm() {}

    static Kernel create(OpContext ctx) {
        if (ctx.numInputs() != 20 && ctx.numInputs() != 24) {
            throw ctx.error("has " + ctx.numInputs() + " inputs; TFLite's LSTM takes 20 or 24");
        }
        UnidirectionalSequenceLSTMOptions opts = ctx.options(new UnidirectionalSequenceLSTMOptions());
        if (opts == null) {
            throw ctx.error("has no UnidirectionalSequenceLSTMOptions");
        }
        if (opts.diagonalRecurrentTensors()) {
            throw ctx.error("diagonal_recurrent_tensors is not supported (only full recurrent weight matrices)");
        }
        Activation act = Activation.of(ctx, opts.fusedActivationFunction());
        float cellClip = opts.cellClip();
        if (!(cellClip >= 0f)) {
            throw ctx.error("cell_clip " + cellClip + " must be >= 0");
        }
        boolean timeMajor = opts.timeMajor();

        if (ctx.input(1) == null) {
            throw ctx.error("input 1 (input_to_input_weights) is absent: CIFG LSTMs (coupled input and forget gate) "
                    + "are not supported");
        }
        for (int k : new int[] {9, 10, 11}) {
            refuseIfPresent(ctx, k, "peephole LSTMs are not supported");
        }
        refuseIfPresent(ctx, 16, "LSTMs with a projection layer are not supported");
        refuseIfPresent(ctx, 17, "LSTMs with a projection layer are not supported");
        for (int k = 20; k < ctx.numInputs(); k++) {
            refuseIfPresent(ctx, k, "layer-normalised LSTMs are not supported");
        }

        Tensor in = require(ctx, 0);
        Tensor out = ctx.output(0);
        ctx.checkType(in, "input 0 (input)", DType.FLOAT32);
        ctx.checkType(out, "output", DType.FLOAT32);
        ctx.checkRank(in, "input 0 (input)", 3);
        int nTime = timeMajor ? in.dim(0) : in.dim(1);
        int nBatch = timeMajor ? in.dim(1) : in.dim(0);
        int nInput = in.dim(2);

        Tensor[] w = new Tensor[4];
        Tensor[] r = new Tensor[4];
        Tensor[] bias = new Tensor[4];
        Tensor first = require(ctx, 1);
        if (first.dtype == DType.UINT8) {
            throw ctx.error(role(1) + " " + first.describe() + " is UINT8: only float32 or int8 (hybrid) LSTM "
                    + "weights are supported");
        }
        DType weightType = first.dtype == DType.INT8 ? DType.INT8 : DType.FLOAT32;
        for (int g = 0; g < 4; g++) {
            w[g] = weights(ctx, 1 + g, weightType);
            r[g] = weights(ctx, 5 + g, weightType);
            bias[g] = require(ctx, 12 + g);
            ctx.checkType(bias[g], role(12 + g), DType.FLOAT32);
        }
        int nCell = w[0].dim(0);
        for (int g = 0; g < 4; g++) {
            checkShape(ctx, w[g], 1 + g, nCell, nInput);
            // Without projection the output (and the recurrent input) is the cell output: n_output = n_cell.
            checkShape(ctx, r[g], 5 + g, nCell, nCell);
            checkShape(ctx, bias[g], 12 + g, nCell);
        }
        Tensor outputState = state(ctx, OUTPUT_STATE, nBatch, nCell);
        Tensor cellState = state(ctx, CELL_STATE, nBatch, nCell);
        int[] expected = timeMajor ? new int[] {nTime, nBatch, nCell} : new int[] {nBatch, nTime, nCell};
        if (!java.util.Arrays.equals(out.shape, expected)) {
            throw ctx.error("output " + out.describe() + " must have shape " + java.util.Arrays.toString(expected)
                    + " (" + (timeMajor ? "time, batch" : "batch, time") + ", cells)");
        }
        float[] gates = ctx.newFloatScratch(4 * nCell);
        Hybrid hybrid = weightType == DType.INT8
                ? new Hybrid(ctx, w, r, nInput, nCell, opts.asymmetricQuantizeInputs()) : null;
        return new Step(in, out, w, r, bias, outputState, cellState, gates, act, cellClip, timeMajor, nTime, nBatch,
                nInput, nCell, hybrid);
    }

    private static String role(int k) {
        return "input " + k + " (" + INPUT_NAMES[k] + ")";
    }

    private static void refuseIfPresent(OpContext ctx, int k, String why) {
        if (ctx.input(k) != null) {
            throw ctx.error(role(k) + " " + ctx.input(k).describe() + " is present: " + why);
        }
    }

    private static Tensor require(OpContext ctx, int k) {
        Tensor t = ctx.input(k);
        if (t == null) {
            throw ctx.error(role(k) + " is missing");
        }
        return t;
    }

    private static Tensor weights(OpContext ctx, int k, DType type) {
        Tensor t = require(ctx, k);
        if (t.dtype != type) {
            throw ctx.error(role(k) + " " + t.describe() + " is " + t.dtype + " but input 1 is " + type + ": all "
                    + "eight weight matrices are float32, or all are int8 (hybrid)");
        }
        if (type == DType.INT8) {
            // TFLite's hybrid LSTM reads one scale per matrix and no zero point (symmetric weights).
            if (!t.quant.isPresent() || t.quant.scales().length != 1 || t.quant.zeroPoints().length > 1
                    || (t.quant.zeroPoints().length == 1 && t.quant.zeroPoint() != 0)) {
                throw ctx.error(role(k) + " " + t.describe() + " must be int8 with one scale and zero point 0 "
                        + "(per-tensor symmetric, as TFLite's dynamic-range quantizer writes LSTM weights)");
            }
            if (!t.isConstant()) {
                throw ctx.error(role(k) + " " + t.describe() + ": int8 LSTM weights must be constants");
            }
        }
        return t;
    }

    private static void checkShape(OpContext ctx, Tensor t, int k, int... dims) {
        if (!java.util.Arrays.equals(t.shape, dims)) {
            throw ctx.error(role(k) + " " + t.describe() + " must have shape " + java.util.Arrays.toString(dims));
        }
    }

    private static Tensor state(OpContext ctx, int k, int nBatch, int n) {
        Tensor t = require(ctx, k);
        ctx.checkType(t, role(k), DType.FLOAT32);
        if (!t.spec.variable()) {
            throw ctx.error(role(k) + " " + t.describe() + " must be a variable tensor (is_variable): it holds the "
                    + "LSTM state between time steps and runs");
        }
        if (t.size != nBatch * n) {
            throw ctx.error(role(k) + " " + t.describe() + " must have " + nBatch + " x " + n + " elements (batch x cells)");
        }
        return t;
    }

    /** The cell input and output activation (TFLite's ApplyActivationToVector on the fused activation). */
    enum Activation {
        TANH, RELU, RELU_N1_TO_1, RELU6;

        static Activation of(OpContext ctx, byte code) {
            switch (code) {
                case ActivationFunctionType.TANH:
                    return TANH;
                case ActivationFunctionType.RELU:
                    return RELU;
                case ActivationFunctionType.RELU_N1_TO_1:
                    return RELU_N1_TO_1;
                case ActivationFunctionType.RELU6:
                    return RELU6;
                default:
                    // NONE: TFLite's float kernel does not apply (nor copy) the activation for the cell output,
                    // so its result is not a well-defined LSTM; SIGN_BIT is not an LSTM activation.
                    throw ctx.error("fused_activation_function " + code + " is not supported for the LSTM cell "
                            + "(supported: TANH, RELU, RELU_N1_TO_1, RELU6)");
            }
        }

        float apply(float x) {
            switch (this) {
                case TANH:
                    return (float) Math.tanh(x);
                case RELU:
                    return Math.max(0f, x);
                case RELU_N1_TO_1:
                    return Math.max(-1f, Math.min(1f, x));
                default:
                    return Math.max(0f, Math.min(6f, x));
            }
        }
    }

    private static final class Step implements Kernel {
        private final Tensor in;
        private final Tensor out;
        private final Tensor[] w;
        private final Tensor[] r;
        private final Tensor[] bias;
        private final Tensor outputState;
        private final Tensor cellState;
        private final float[] gates;
        private final Activation act;
        private final float cellClip;
        private final boolean timeMajor;
        private final int nTime;
        private final int nBatch;
        private final int nInput;
        private final int nCell;

        private final Hybrid hybrid;

        Step(Tensor in, Tensor out, Tensor[] w, Tensor[] r, Tensor[] bias, Tensor outputState, Tensor cellState,
                float[] gates, Activation act, float cellClip, boolean timeMajor, int nTime, int nBatch, int nInput,
                int nCell, Hybrid hybrid) {
            this.hybrid = hybrid;
            this.in = in;
            this.out = out;
            this.w = w;
            this.r = r;
            this.bias = bias;
            this.outputState = outputState;
            this.cellState = cellState;
            this.gates = gates;
            this.act = act;
            this.cellClip = cellClip;
            this.timeMajor = timeMajor;
            this.nTime = nTime;
            this.nBatch = nBatch;
            this.nInput = nInput;
            this.nCell = nCell;
        }

        @Override
        public void run() {
            for (int t = 0; t < nTime; t++) {
                for (int b = 0; b < nBatch; b++) {
                    int row = timeMajor ? t * nBatch + b : b * nTime + t;
                    step(in.offset + row * nInput, out.offset + row * nCell, b * nCell);
                }
            }
        }

        /** One time step of one batch row: input at x0, output at y0, state row at s0 (elements). */
        private void step(int x0, int y0, int s0) {
            float[] x = in.f;
            float[] h = outputState.f;
            int h0 = outputState.offset + s0;
            // All four gates read the previous h, so they are computed before any state is written.
            if (hybrid != null) {
                hybrid.gates(x, x0, h, h0, bias, gates);
            }
            for (int g = 0; hybrid == null && g < 4; g++) {
                float[] wg = w[g].f;
                float[] rg = r[g].f;
                int w0 = w[g].offset;
                int r0 = r[g].offset;
                float[] bg = bias[g].f;
                int b0 = bias[g].offset;
                for (int c = 0; c < nCell; c++) {
                    float dx = 0f;
                    int wr = w0 + c * nInput;
                    for (int k = 0; k < nInput; k++) {
                        dx += wg[wr + k] * x[x0 + k];
                    }
                    float dh = 0f;
                    int rr = r0 + c * nCell;
                    for (int k = 0; k < nCell; k++) {
                        dh += rg[rr + k] * h[h0 + k];
                    }
                    gates[g * nCell + c] = bg[b0 + c] + dx + dh;
                }
            }
            float[] cs = cellState.f;
            int c0 = cellState.offset + s0;
            float[] y = out.f;
            for (int c = 0; c < nCell; c++) {
                float i = Logistic.logistic(gates[c]);
                float f = Logistic.logistic(gates[nCell + c]);
                float g = act.apply(gates[2 * nCell + c]);
                float o = Logistic.logistic(gates[3 * nCell + c]);
                float cell = f * cs[c0 + c] + i * g;
                if (cellClip > 0f) {
                    cell = Math.max(-cellClip, Math.min(cellClip, cell));
                }
                cs[c0 + c] = cell;
                y[y0 + c] = o * act.apply(cell);
            }
            System.arraycopy(y, y0, h, h0, nCell);
        }
    }

    /**
     * The hybrid (dynamic-range) gate pre-activations, as TFLite's hybrid LSTM step: the input and the previous
     * output state are quantized to int8 per step (symmetric, or asymmetric when asymmetric_quantize_inputs), the
     * int8 dot products with the int8 weights are exact integers, and each is added to the float bias times
     * (input scale * weight scale). Everything after the gates is the float path.
     */
    private static final class Hybrid {
        private final byte[][] w = new byte[4][];
        private final byte[][] r = new byte[4][];
        private final int[] w0 = new int[4];
        private final int[] r0 = new int[4];
        private final float[] wScale = new float[4];
        private final float[] rScale = new float[4];
        private final int[][] wRowSums = new int[4][];
        private final int[][] rRowSums = new int[4][];
        private final byte[] qx;
        private final byte[] qh;
        private final int[] zeroPoint = new int[1];
        private final int nInput;
        private final int nCell;
        private final boolean asymmetric;

        Hybrid(OpContext ctx, Tensor[] wt, Tensor[] rt, int nInput, int nCell, boolean asymmetric) {
            this.nInput = nInput;
            this.nCell = nCell;
            this.asymmetric = asymmetric;
            for (int g = 0; g < 4; g++) {
                w[g] = wt[g].b;
                r[g] = rt[g].b;
                w0[g] = wt[g].offset;
                r0[g] = rt[g].offset;
                wScale[g] = wt[g].scale();
                rScale[g] = rt[g].scale();
                wRowSums[g] = rowSums(ctx, wt[g], nCell, nInput);
                rRowSums[g] = rowSums(ctx, rt[g], nCell, nCell);
            }
            qx = ctx.newByteScratch(nInput);
            qh = ctx.newByteScratch(nCell);
        }

        /** Row sums of the weights: the zero-point correction of asymmetric inputs. */
        private static int[] rowSums(OpContext ctx, Tensor t, int rows, int cols) {
            int[] sums = ctx.newIntScratch(rows);
            for (int i = 0; i < rows; i++) {
                int s = 0;
                for (int k = 0; k < cols; k++) {
                    s += t.b[t.offset + i * cols + k];
                }
                sums[i] = s;
            }
            return sums;
        }

        void gates(float[] x, int x0, float[] h, int h0, Tensor[] bias, float[] gates) {
            for (int g = 0; g < 4; g++) {
                System.arraycopy(bias[g].f, bias[g].offset, gates, g * nCell, nCell);
            }
            float sx = quantize(x, x0, nInput, qx);
            int zx = zeroPoint[0];
            for (int g = 0; g < 4; g++) {
                accumulate(w[g], w0[g], nInput, qx, zx, wRowSums[g], sx * wScale[g], gates, g * nCell);
            }
            float sh = quantize(h, h0, nCell, qh);
            int zh = zeroPoint[0];
            for (int g = 0; g < 4; g++) {
                accumulate(r[g], r0[g], nCell, qh, zh, rRowSums[g], sh * rScale[g], gates, g * nCell);
            }
        }

        private float quantize(float[] v, int off, int n, byte[] q) {
            if (asymmetric) {
                return HybridInput.quantizeAsymmetric(v, off, n, q, 0, zeroPoint, 0);
            }
            zeroPoint[0] = 0;
            return HybridInput.quantizeSymmetric(v, off, n, q, 0);
        }

        private void accumulate(byte[] m, int m0, int cols, byte[] q, int zp, int[] rowSums, float scale,
                float[] gates, int g0) {
            for (int c = 0; c < nCell; c++) {
                int dot = 0;
                int row = m0 + c * cols;
                for (int k = 0; k < cols; k++) {
                    dot += m[row + k] * q[k];
                }
                dot -= rowSums[c] * zp;
                gates[g0 + c] += dot * scale;
            }
        }
    }
}
