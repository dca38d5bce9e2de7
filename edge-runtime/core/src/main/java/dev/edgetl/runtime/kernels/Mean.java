package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;
import java.util.Arrays;
import org.tensorflow.lite.schema.ReducerOptions;

/**
 * MEAN over any set of axes (negative and repeated axes allowed), with or without keep_dims, for float32, int32,
 * int8 and uint8. Sums are accumulated in input order. Quantized outputs follow TFLite 2.21's two paths:
 *
 * <ul>
 *   <li>4-D input, keep_dims, axis tensor exactly {1, 2} or {2, 1} (global average pooling, TFLite's optimized
 *       kernel): {@code clamp(MBQM(sum(q), M(s_in / (n * s_out))) + zp_out - trunc(zp_in * s_in / s_out +- 0.5))},
 *       the ratio and the bias computed in float;</li>
 *   <li>every other case: {@code clamp(MBQM(sum(q) - n * zp_in, M') + zp_out)} where {@code M'} folds 1/n into
 *       the multiplier of {@code s_in / s_out}: {@code (m << k) / n} with shift {@code shift - k},
 *       {@code k = min(floor(log2 n), 32, 31 + shift)}.</li>
 * </ul>
 */
final class Mean implements Kernel {
    private enum Mode { FLOAT, INT32, GLOBAL, GENERAL }

    private final Tensor in;
    private final Tensor out;
    private final Mode mode;
    private final int[] dims;
    private final int[] outStrides;
    private final int[] counter;
    private final int count;
    private final float[] floatSum;
    private final int[] intSum;
    private final long[] longSum;
    private final int multiplier;
    private final int shift;
    private final int bias;
    private final int inZeroPoint;
    private final int outZeroPoint;
    private final int qmin;
    private final int qmax;

    private Mean(OpContext ctx) {
        in = ctx.requireInput(0);
        out = ctx.output(0);
        Tensor axisTensor = ctx.requireInput(1);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT32, DType.INT8, DType.UINT8);
        LayoutSupport.checkSameType(ctx, in, "input", out);
        ctx.checkType(axisTensor, "axis", DType.INT32);
        int[] axes = LayoutSupport.intConstant(ctx, axisTensor, "axis");
        ReducerOptions o = ctx.options(new ReducerOptions());
        boolean keepDims = o != null && o.keepDims();
        int rank = in.rank();
        if (rank == 0) {
            throw ctx.error("input " + in.describe() + " is a scalar");
        }
        if (in.size == 0) {
            throw ctx.error("input " + in.describe() + " is empty");
        }
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[LayoutSupport.normalizeAxis(ctx, a, rank, "axis")] = true;
        }
        dims = in.shape.clone();
        int[] kept = new int[rank];
        int nKept = 0;
        int[] keepShape = new int[rank];
        int n = 1;
        for (int d = 0; d < rank; d++) {
            keepShape[d] = reduced[d] ? 1 : dims[d];
            if (reduced[d]) {
                n *= dims[d];
            } else {
                kept[nKept++] = dims[d];
            }
        }
        count = n;
        LayoutSupport.checkShape(ctx, out, keepDims ? keepShape : Arrays.copyOf(kept, nKept));
        outStrides = LayoutSupport.strides(keepShape);
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                outStrides[d] = 0;
            }
        }
        counter = ctx.newIntScratch(rank);
        boolean global = keepDims && rank == 4 && axes.length == 2
                && ((axes[0] == 1 && axes[1] == 2) || (axes[0] == 2 && axes[1] == 1));
        int m = 0;
        int sh = 0;
        int b = 0;
        if (in.dtype == DType.FLOAT32) {
            mode = Mode.FLOAT;
        } else if (in.dtype == DType.INT32) {
            mode = Mode.INT32;
        } else {
            ctx.checkQuantized(in, "input");
            ctx.checkQuantized(out, "output");
            if (global) {
                mode = Mode.GLOBAL;
                float t = in.zeroPoint() * in.scale() / out.scale();
                t = t > 0 ? t + 0.5f : t - 0.5f;
                b = out.zeroPoint() - (int) t;
                FixedPoint.Multiplier mul = FixedPoint.quantizeMultiplier(in.scale() / ((float) n * out.scale()));
                m = mul.multiplier;
                sh = mul.shift;
            } else {
                mode = Mode.GENERAL;
                FixedPoint.Multiplier mul = FixedPoint.quantizeMultiplier((double) in.scale() / out.scale());
                int k = Math.min(Math.min(31 - Integer.numberOfLeadingZeros(n), 32), 31 + mul.shift);
                m = (int) (((long) mul.multiplier << k) / n);
                sh = mul.shift - k;
            }
        }
        multiplier = m;
        shift = sh;
        bias = b;
        inZeroPoint = in.quant.isPresent() ? in.zeroPoint() : 0;
        outZeroPoint = out.quant.isPresent() ? out.zeroPoint() : 0;
        qmin = in.dtype.isQuantized8() ? LayoutSupport.qmin(in.dtype) : 0;
        qmax = in.dtype.isQuantized8() ? LayoutSupport.qmax(in.dtype) : 0;
        floatSum = mode == Mode.FLOAT ? ctx.newFloatScratch(out.size) : null;
        longSum = mode == Mode.INT32 ? new long[out.size] : null;
        if (longSum != null) {
            ctx.countPacked(8L * out.size);
        }
        intSum = in.dtype.isQuantized8() ? ctx.newIntScratch(out.size) : null;
    }

    static Kernel create(OpContext ctx) {
        return new Mean(ctx);
    }

    @Override
    public void run() {
        Arrays.fill(counter, 0);
        switch (mode) {
            case FLOAT:
                sumFloat();
                for (int k = 0; k < out.size; k++) {
                    out.f[out.offset + k] = floatSum[k] / count;
                }
                break;
            case INT32:
                sumInt32();
                for (int k = 0; k < out.size; k++) {
                    out.i[out.offset + k] = (int) (longSum[k] / count);
                }
                break;
            default:
                sumQuantized();
                finishQuantized();
        }
    }

    /** Advances the input index odometer by one element; returns the change of the output offset. */
    private int step() {
        int delta = 0;
        for (int d = dims.length - 1; d >= 0; d--) {
            delta += outStrides[d];
            if (++counter[d] < dims[d]) {
                return delta;
            }
            delta -= outStrides[d] * dims[d];
            counter[d] = 0;
        }
        return delta;
    }

    private void sumFloat() {
        Arrays.fill(floatSum, 0f);
        float[] x = in.f;
        int o = 0;
        for (int k = in.offset, end = in.offset + in.size; k < end; k++) {
            floatSum[o] += x[k];
            o += step();
        }
    }

    private void sumInt32() {
        Arrays.fill(longSum, 0L);
        int[] x = in.i;
        int o = 0;
        for (int k = in.offset, end = in.offset + in.size; k < end; k++) {
            longSum[o] += x[k];
            o += step();
        }
    }

    private void sumQuantized() {
        Arrays.fill(intSum, 0);
        byte[] x = in.b;
        int o = 0;
        if (in.dtype == DType.UINT8) {
            for (int k = in.offset, end = in.offset + in.size; k < end; k++) {
                intSum[o] += x[k] & 0xFF;
                o += step();
            }
        } else {
            for (int k = in.offset, end = in.offset + in.size; k < end; k++) {
                intSum[o] += x[k];
                o += step();
            }
        }
    }

    private void finishQuantized() {
        byte[] y = out.b;
        int zeroSum = count * inZeroPoint;
        for (int k = 0; k < out.size; k++) {
            int v;
            if (mode == Mode.GLOBAL) {
                v = FixedPoint.multiplyByQuantizedMultiplier(intSum[k], multiplier, shift) + bias;
            } else {
                v = FixedPoint.multiplyByQuantizedMultiplier(intSum[k] - zeroSum, multiplier, shift) + outZeroPoint;
            }
            y[out.offset + k] = (byte) Math.min(Math.max(v, qmin), qmax);
        }
    }
}
