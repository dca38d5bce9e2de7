package dev.edgetl.runtime.image;

/**
 * Bilinear resize of packed ARGB pixels to RGB floats (0..255, HWC), with half-pixel centres: the source
 * coordinate of output pixel {@code x} is {@code (x + 0.5) * inW / outW - 0.5}, clamped to the image. This is
 * TensorFlow's {@code resize_bilinear(half_pixel_centers=true)} (the TF2 {@code tf.image.resize} default without
 * antialiasing) and OpenCV's INTER_LINEAR. No antialiasing filter is applied when shrinking.
 * Alpha is ignored (the colour channels are used as stored).
 */
public final class BilinearResize {
    private BilinearResize() {}

    public static float[] toRgb(int[] argb, int width, int height, int outWidth, int outHeight) {
        if (width <= 0 || height <= 0 || outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + width + "x" + height + " -> " + outWidth + "x" + outHeight);
        }
        if ((long) width * height != argb.length) {
            throw new IllegalArgumentException(width + "x" + height + " image needs " + ((long) width * height)
                    + " pixels, got " + argb.length);
        }
        float[] out = new float[outWidth * outHeight * 3];
        int[] x0 = new int[outWidth];
        int[] x1 = new int[outWidth];
        float[] fx = new float[outWidth];
        coordinates(width, outWidth, x0, x1, fx);
        int[] y0 = new int[outHeight];
        int[] y1 = new int[outHeight];
        float[] fy = new float[outHeight];
        coordinates(height, outHeight, y0, y1, fy);
        int o = 0;
        for (int y = 0; y < outHeight; y++) {
            int r0 = y0[y] * width;
            int r1 = y1[y] * width;
            float wy = fy[y];
            for (int x = 0; x < outWidth; x++) {
                int a = argb[r0 + x0[x]];
                int b = argb[r0 + x1[x]];
                int c = argb[r1 + x0[x]];
                int d = argb[r1 + x1[x]];
                float wx = fx[x];
                for (int shift = 16; shift >= 0; shift -= 8) {
                    float top = lerp((a >> shift) & 0xFF, (b >> shift) & 0xFF, wx);
                    float bottom = lerp((c >> shift) & 0xFF, (d >> shift) & 0xFF, wx);
                    out[o++] = lerp(top, bottom, wy);
                }
            }
        }
        return out;
    }

    private static float lerp(float p, float q, float t) {
        return p + (q - p) * t;
    }

    /** TensorFlow's float arithmetic: scale = in / out, src = (k + 0.5) * scale - 0.5, floored, clamped. */
    static void coordinates(int in, int out, int[] lo, int[] hi, float[] frac) {
        float scale = (float) in / out;
        for (int k = 0; k < out; k++) {
            float src = (k + 0.5f) * scale - 0.5f;
            if (src < 0) {
                src = 0;
            }
            int l = (int) Math.floor(src);
            if (l > in - 1) {
                l = in - 1;
            }
            lo[k] = l;
            hi[k] = Math.min(l + 1, in - 1);
            frac[k] = src - l;
        }
    }
}
