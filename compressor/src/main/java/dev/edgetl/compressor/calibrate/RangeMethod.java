package dev.edgetl.compressor.calibrate;

import dev.edgetl.compressor.quantize.TensorRange;

/**
 * How an activation's quantization range is chosen from its calibration statistics.
 * MINMAX keeps every observed value; PERCENTILE clips the 0.01 % tails; MSE picks the clipping range that
 * minimises the expected squared quantization error (clipping error plus rounding noise s^2/12).
 */
public enum RangeMethod {
    MINMAX, PERCENTILE, MSE;

    static final double PERCENTILE_TAIL = 1e-4;

    public boolean needsHistogram() {
        return this != MINMAX;
    }

    public static RangeMethod parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown calibration method '" + s + "' (minmax, percentile, mse)");
        }
    }

    TensorRange range(TensorStats s) {
        if (this == MINMAX || s.histogram() == null) {
            return new TensorRange(s.min(), s.max());
        }
        long[] h = s.histogram();
        double width = (s.histHi() - s.histLo()) / (double) h.length;
        if (this == PERCENTILE) {
            long total = 0;
            for (long c : h) {
                total += c;
            }
            long tail = (long) Math.floor(total * PERCENTILE_TAIL);
            int loBin = 0;
            long acc = 0;
            while (loBin < h.length - 1 && acc + h[loBin] <= tail) {
                acc += h[loBin++];
            }
            int hiBin = h.length - 1;
            acc = 0;
            while (hiBin > loBin && acc + h[hiBin] <= tail) {
                acc += h[hiBin--];
            }
            float lo = (float) (s.histLo() + loBin * width);
            float hi = (float) (s.histLo() + (hiBin + 1) * width);
            return new TensorRange(Math.max(Math.min(lo, 0f), s.min()), Math.min(Math.max(hi, 0f), s.max()));
        }
        // MSE: coordinate search over the upper then the lower clipping edge, on bin centres.
        float lo = s.histLo();
        float hi = s.histHi();
        hi = bestEdge(h, s.histLo(), width, lo, hi, true);
        lo = bestEdge(h, s.histLo(), width, lo, hi, false);
        return new TensorRange(lo, hi);
    }

    private static float bestEdge(long[] h, float histLo, double width, float lo, float hi, boolean upper) {
        float bestEdge = upper ? hi : lo;
        double bestErr = Double.MAX_VALUE;
        for (int step = 100; step >= 10; step--) {
            float edge = (upper ? hi : lo) * step / 100f;
            if (upper ? edge <= 0 && hi > 0 : edge >= 0 && lo < 0) {
                break;
            }
            float a = upper ? lo : edge;
            float b = upper ? edge : hi;
            double err = error(h, histLo, width, a, b);
            if (err < bestErr) {
                bestErr = err;
                bestEdge = edge;
            }
        }
        return bestEdge;
    }

    /** Expected squared error of quantizing the histogram to 256 levels over [lo, hi]. */
    static double error(long[] h, float histLo, double width, float lo, float hi) {
        double scale = Math.max(hi - lo, 1e-12) / 255.0;
        double noise = scale * scale / 12.0;
        double err = 0;
        for (int k = 0; k < h.length; k++) {
            if (h[k] == 0) {
                continue;
            }
            double x = histLo + (k + 0.5) * width;
            if (x < lo) {
                err += h[k] * ((lo - x) * (lo - x));
            } else if (x > hi) {
                err += h[k] * ((x - hi) * (x - hi));
            } else {
                err += h[k] * noise;
            }
        }
        return err;
    }
}
