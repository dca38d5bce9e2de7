package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Parallel;

/**
 * MAX_POOL_2D (NHWC) for float32, int8 and uint8: the maximum over the window clipped to the input (padding never
 * wins), then the fused activation's clamp. Quantized values keep the input's scale, so no arithmetic is needed.
 */
final class MaxPool2D implements Kernel {
    private final PoolGeometry g;
    private final Parallel parallel;
    private final Parallel.Body rows;
    private final float fmin;
    private final float fmax;
    private final int qmin;
    private final int qmax;

    private MaxPool2D(OpContext ctx) {
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
        return new MaxPool2D(ctx);
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
                for (int ch = 0; ch < c; ch++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int y = ys; y < ye; y++) {
                        int p = inBase + ((b * g.inH + y) * g.inW + xs) * c + ch;
                        for (int x = xs; x < xe; x++, p += c) {
                            max = Math.max(max, in[p]);
                        }
                    }
                    out[o++] = Math.min(Math.max(max, fmin), fmax);
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
                for (int ch = 0; ch < c; ch++) {
                    int max = 0;
                    for (int y = ys; y < ye; y++) {
                        int p = inBase + ((b * g.inH + y) * g.inW + xs) * c + ch;
                        for (int x = xs; x < xe; x++, p += c) {
                            max = Math.max(max, in[p] & 0xFF);
                        }
                    }
                    out[o++] = (byte) Math.min(Math.max(max, qmin), qmax);
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
                for (int ch = 0; ch < c; ch++) {
                    int max = -128;
                    for (int y = ys; y < ye; y++) {
                        int p = inBase + ((b * g.inH + y) * g.inW + xs) * c + ch;
                        for (int x = xs; x < xe; x++, p += c) {
                            max = Math.max(max, in[p]);
                        }
                    }
                    out[o++] = (byte) Math.min(Math.max(max, qmin), qmax);
                }
            }
        }
    }
}
