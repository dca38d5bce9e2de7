package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Parallel;
import dev.edgetl.runtime.kernels.quant.FixedPoint;

/**
 * AVERAGE_POOL_2D (NHWC) for float32, int8 and uint8. The average is over the window clipped to the input, as
 * TFLite does: padding never counts. Quantized outputs keep the input's scale and round the integer mean the way
 * TFLite 2.21's kernels do: uint8 {@code (sum + n/2) / n} (sums are never negative), int8 half away from zero.
 */
final class AveragePool2D implements Kernel {
    private final PoolGeometry g;
    private final Parallel parallel;
    private final Parallel.Body rows;
    private final float fmin;
    private final float fmax;
    private final int qmin;
    private final int qmax;

    private AveragePool2D(OpContext ctx) {
        g = new PoolGeometry(ctx);
        parallel = ctx.parallel();
        if (g.input.dtype == DType.FLOAT32) {
            float[] r = LayoutSupport.activationRange(ctx, g.fusedActivation);
            fmin = r[0];
            fmax = r[1];
            qmin = 0;
            qmax = 0;
            rows = this::floatRows;
        } else {
            int[] r = LayoutSupport.activationRange(ctx, g.fusedActivation, g.output);
            fmin = 0;
            fmax = 0;
            qmin = r[0];
            qmax = r[1];
            rows = g.input.dtype == DType.UINT8 ? this::uint8Rows : this::int8Rows;
        }
    }

    static Kernel create(OpContext ctx) {
        return new AveragePool2D(ctx);
    }

    @Override
    public void run() {
        parallel.forRange(g.batches * g.outH, rows);
    }

    private void floatRows(int from, int to) {
        float[] in = g.input.f;
        float[] out = g.output.f;
        int inBase = g.input.offset;
        int c = g.channels;
        int o = g.output.offset + from * g.outW * c;
        for (int row = from; row < to; row++) {
            int b = row / g.outH;
            int y0 = (row % g.outH) * g.strideH - g.padTop;
            int ys = Math.max(y0, 0);
            int ye = Math.min(y0 + g.filterH, g.inH);
            for (int ox = 0; ox < g.outW; ox++) {
                int x0 = ox * g.strideW - g.padLeft;
                int xs = Math.max(x0, 0);
                int xe = Math.min(x0 + g.filterW, g.inW);
                float count = (ye - ys) * (xe - xs);
                for (int ch = 0; ch < c; ch++) {
                    float sum = 0;
                    for (int y = ys; y < ye; y++) {
                        int p = inBase + ((b * g.inH + y) * g.inW + xs) * c + ch;
                        for (int x = xs; x < xe; x++, p += c) {
                            sum += in[p];
                        }
                    }
                    out[o++] = Math.min(Math.max(sum / count, fmin), fmax);
                }
            }
        }
    }

    private void uint8Rows(int from, int to) {
        byte[] in = g.input.b;
        byte[] out = g.output.b;
        int inBase = g.input.offset;
        int c = g.channels;
        int o = g.output.offset + from * g.outW * c;
        for (int row = from; row < to; row++) {
            int b = row / g.outH;
            int y0 = (row % g.outH) * g.strideH - g.padTop;
            int ys = Math.max(y0, 0);
            int ye = Math.min(y0 + g.filterH, g.inH);
            for (int ox = 0; ox < g.outW; ox++) {
                int x0 = ox * g.strideW - g.padLeft;
                int xs = Math.max(x0, 0);
                int xe = Math.min(x0 + g.filterW, g.inW);
                int count = (ye - ys) * (xe - xs);
                int half = count / 2;
                for (int ch = 0; ch < c; ch++) {
                    int sum = 0;
                    for (int y = ys; y < ye; y++) {
                        int p = inBase + ((b * g.inH + y) * g.inW + xs) * c + ch;
                        for (int x = xs; x < xe; x++, p += c) {
                            sum += in[p] & 0xFF;
                        }
                    }
                    int v = (sum + half) / count;
                    out[o++] = (byte) Math.min(Math.max(v, qmin), qmax);
                }
            }
        }
    }

    private void int8Rows(int from, int to) {
        byte[] in = g.input.b;
        byte[] out = g.output.b;
        int inBase = g.input.offset;
        int c = g.channels;
        int o = g.output.offset + from * g.outW * c;
        for (int row = from; row < to; row++) {
            int b = row / g.outH;
            int y0 = (row % g.outH) * g.strideH - g.padTop;
            int ys = Math.max(y0, 0);
            int ye = Math.min(y0 + g.filterH, g.inH);
            for (int ox = 0; ox < g.outW; ox++) {
                int x0 = ox * g.strideW - g.padLeft;
                int xs = Math.max(x0, 0);
                int xe = Math.min(x0 + g.filterW, g.inW);
                int count = (ye - ys) * (xe - xs);
                for (int ch = 0; ch < c; ch++) {
                    int sum = 0;
                    for (int y = ys; y < ye; y++) {
                        int p = inBase + ((b * g.inH + y) * g.inW + xs) * c + ch;
                        for (int x = xs; x < xe; x++, p += c) {
                            sum += in[p];
                        }
                    }
                    int v = FixedPoint.divideRoundHalfAwayFromZero(sum, count);
                    out[o++] = (byte) Math.min(Math.max(v, qmin), qmax);
                }
            }
        }
    }
}
