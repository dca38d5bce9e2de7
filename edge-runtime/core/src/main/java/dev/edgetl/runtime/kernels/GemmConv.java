package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Parallel;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.gemm.GemmBackend;
import dev.edgetl.runtime.kernels.gemm.PackedMatrix;

/**
 * The optimised CONV_2D / FULLY_CONNECTED kernel: output pixels (or FC batches) are GEMM rows, processed in
 * tiles of {@code tileRows}; each tile's patches are gathered (im2col, zero-point corrected, zero padded)
 * into a per-thread buffer, multiplied by the pre-packed weights through the {@link GemmBackend}, and
 * finished by the {@link OutputStage}. Float pointwise convolutions and float FC read the input in place.
 *
 * <p>Integer kernels multiply exact integers in float lanes and flush to int32 every {@code chunk} products,
 * so they equal the integer reference bit for bit. Threads take contiguous runs of tiles.
 */
final class GemmConv implements Kernel {
    private final GemmBackend backend;
    private final PackedMatrix weights;
    private final OutputStage stage;
    private final OutputStage.Mode mode;
    /** Null for FULLY_CONNECTED: a row is then one input row of {@code depth} values. */
    private final ConvGeometry g;
    private final Tensor in;
    private final Tensor out;
    private final int rows;
    private final int depth;
    private final int n;
    private final int ldc;
    private final int tileRows;
    private final int tiles;
    private final int chunk;
    private final boolean direct;
    private final boolean inUnsigned;
    private final int inZeroPoint;
    private final HybridInput hybrid;
    private final float[][] aTile;
    private final float[][] cTile;
    private final int[][] iTile;
    private final Parallel parallel;
    private final int parts;
    private final Parallel.Body body;

    /**
     * @param weights    [n][depth] weights (floats, or zero-point-corrected ints as floats)
     * @param maxWeight  max |weight| for the integer modes (sets the exact flush interval)
     */
    GemmConv(OpContext ctx, OutputStage.Mode mode, OutputStage stage, ConvGeometry g, Tensor in, Tensor out,
            int rows, int depth, int n, float[] weights, int maxWeight, HybridInput hybrid) {
        this.backend = ctx.interpreterOptions().backend();
        this.weights = backend.pack(weights, n, depth);
        ctx.countPacked(4L * this.weights.data.length);
        this.stage = stage;
        this.mode = mode;
        this.g = g;
        this.in = in;
        this.out = out;
        this.rows = rows;
        this.depth = depth;
        this.n = n;
        this.ldc = this.weights.paddedN;
        this.hybrid = hybrid;
        this.inUnsigned = in.dtype == DType.UINT8;
        this.inZeroPoint = mode == OutputStage.Mode.QUANTIZED ? in.zeroPoint() : 0;
        this.direct = mode == OutputStage.Mode.FLOAT && (g == null || g.isPointwise());
        this.chunk = mode == OutputStage.Mode.FLOAT ? depth
                : GemmBackend.exactChunk(ConvOperands.maxInputMagnitude(in, mode), maxWeight);
        // About 64 KiB of patches per tile, so a tile stays in L2 while every weight panel streams over it.
        this.tileRows = Math.max(4, Math.min(256, (16384 / Math.max(1, depth)) & ~3));
        this.tiles = (rows + tileRows - 1) / tileRows;
        this.parallel = ctx.parallel();
        this.parts = Math.min(parallel.threads(), tiles);
        this.aTile = new float[parts][];
        this.cTile = new float[parts][];
        this.iTile = new int[parts][];
        for (int p = 0; p < parts; p++) {
            aTile[p] = direct ? null : ctx.newFloatScratch(tileRows * depth);
            cTile[p] = ctx.newFloatScratch(tileRows * ldc);
            iTile[p] = mode != OutputStage.Mode.FLOAT && chunk < depth ? ctx.newIntScratch(tileRows * ldc) : null;
        }
        this.body = this::runParts;
    }

    @Override
    public void run() {
        if (hybrid != null) {
            hybrid.quantize(in.f, in.offset, stage);
        }
        parallel.forRange(parts, body);
    }

    private void runParts(int from, int to) {
        for (int p = from; p < to; p++) {
            int t0 = (int) ((long) tiles * p / parts);
            int t1 = (int) ((long) tiles * (p + 1) / parts);
            for (int t = t0; t < t1; t++) {
                int r0 = t * tileRows;
                runTile(p, r0, Math.min(rows, r0 + tileRows) - r0);
            }
        }
    }

    private void runTile(int part, int r0, int count) {
        float[] a;
        int aOff;
        if (direct) {
            a = in.f;
            aOff = in.offset + r0 * depth;
        } else {
            a = aTile[part];
            aOff = 0;
            gather(a, r0, count);
        }
        float[] c = cTile[part];
        if (mode == OutputStage.Mode.FLOAT) {
            backend.multiply(a, aOff, depth, count, weights, 0, depth, c, ldc);
            finishFloat(c, r0, count);
            return;
        }
        if (chunk >= depth) {
            backend.multiply(a, aOff, depth, count, weights, 0, depth, c, ldc);
            finishInt(c, null, r0, count);
            return;
        }
        int[] acc = iTile[part];
        java.util.Arrays.fill(acc, 0, count * ldc, 0);
        for (int k0 = 0; k0 < depth; k0 += chunk) {
            int k1 = Math.min(depth, k0 + chunk);
            backend.multiply(a, aOff, depth, count, weights, k0, k1, c, ldc);
            for (int r = 0; r < count; r++) {
                int base = r * ldc;
                for (int j = 0; j < n; j++) {
                    acc[base + j] += (int) c[base + j];
                }
            }
        }
        finishInt(null, acc, r0, count);
    }

    private void finishFloat(float[] c, int r0, int count) {
        float[] o = out.f;
        for (int r = 0; r < count; r++) {
            int src = r * ldc;
            int dst = out.offset + (r0 + r) * n;
            for (int j = 0; j < n; j++) {
                o[dst + j] = stage.finishFloat(c[src + j], j);
            }
        }
    }

    private void finishInt(float[] c, int[] acc, int r0, int count) {
        int pixelsPerBatch = g == null ? 1 : g.outH * g.outW;
        for (int r = 0; r < count; r++) {
            int src = r * ldc;
            int dst = out.offset + (r0 + r) * n;
            if (mode == OutputStage.Mode.QUANTIZED) {
                byte[] o = out.b;
                for (int j = 0; j < n; j++) {
                    int v = acc != null ? acc[src + j] : (int) c[src + j];
                    o[dst + j] = (byte) stage.requantize(v, j);
                }
            } else {
                float scale = hybrid.batchScale[(r0 + r) / pixelsPerBatch];
                float[] o = out.f;
                for (int j = 0; j < n; j++) {
                    int v = acc != null ? acc[src + j] : (int) c[src + j];
                    o[dst + j] = stage.finishHybrid(v, j, scale);
                }
            }
        }
    }

    /** im2col of rows [r0, r0 + count) into {@code a}: zero-point corrected, zero outside the image. */
    private void gather(float[] a, int r0, int count) {
        if (g == null) {
            for (int r = 0; r < count; r++) {
                convertRun(a, r * depth, (r0 + r) * depth, depth, r0 + r);
            }
            return;
        }
        int pixelsPerBatch = g.outH * g.outW;
        int cin = g.inC;
        for (int r = 0; r < count; r++) {
            int row = r0 + r;
            int b = row / pixelsPerBatch;
            int rem = row - b * pixelsPerBatch;
            int oy = rem / g.outW;
            int ox = rem - oy * g.outW;
            int dst = r * depth;
            int y0 = oy * g.strideH - g.padTop;
            int x0 = ox * g.strideW - g.padLeft;
            for (int ky = 0; ky < g.kH; ky++) {
                int iy = y0 + ky * g.dilH;
                for (int kx = 0; kx < g.kW; kx++) {
                    int ix = x0 + kx * g.dilW;
                    if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) {
                        java.util.Arrays.fill(a, dst, dst + cin, 0f);
                    } else {
                        convertRun(a, dst, ((b * g.inH + iy) * g.inW + ix) * cin, cin, b);
                    }
                    dst += cin;
                }
            }
        }
    }

    /** Copies {@code len} input values from element {@code src} as zero-point-corrected floats. */
    private void convertRun(float[] a, int dst, int src, int len, int batch) {
        switch (mode) {
            case FLOAT:
                System.arraycopy(in.f, in.offset + src, a, dst, len);
                break;
            case QUANTIZED: {
                byte[] x = in.b;
                int base = in.offset + src;
                int zp = inZeroPoint;
                if (inUnsigned) {
                    for (int k = 0; k < len; k++) {
                        a[dst + k] = (x[base + k] & 0xFF) - zp;
                    }
                } else {
                    for (int k = 0; k < len; k++) {
                        a[dst + k] = x[base + k] - zp;
                    }
                }
                break;
            }
            default: {
                byte[] q = hybrid.q;
                int zp = hybrid.zeroPoint[batch];
                for (int k = 0; k < len; k++) {
                    a[dst + k] = q[src + k] - zp;
                }
            }
        }
    }
}
