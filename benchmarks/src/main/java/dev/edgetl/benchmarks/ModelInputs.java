package dev.edgetl.benchmarks;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.TensorSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns a fixture image into the raw little-endian bytes of a model's NHWC image input, so that every backend
 * is fed exactly the same bytes. Deliberately simple: RGB, bilinear resize (pixel centres aligned, like
 * TFLite's {@code ResizeBilinear} with half_pixel_centers), then the convention of the fixture models:
 * uint8 inputs take raw pixels, int8 inputs pixels - 128, float inputs (p - 127.5) / 127.5.
 */
public final class ModelInputs {
    private ModelInputs() {}

    public static byte[] fromImage(Path image, TensorSpec input) throws IOException {
        BufferedImage img = ImageIO.read(image.toFile());
        if (img == null) {
            throw new IOException(image + ": not an image ImageIO can decode");
        }
        int[] shape = input.shape();
        if (shape.length != 4 || shape[3] != 3) {
            throw new IllegalArgumentException("input " + input.describe() + " is not a 1xHxWx3 image tensor");
        }
        float[] rgb = resizeBilinear(img, shape[1], shape[2]);
        return encode(rgb, input.dtype());
    }

    /** Interleaved RGB in [0, 255] of size outH x outW x 3. */
    public static float[] resizeBilinear(BufferedImage img, int outH, int outW) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[outH * outW * 3];
        float sy = (float) h / outH;
        float sx = (float) w / outW;
        for (int y = 0; y < outH; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            float dy = fy - y0;
            for (int x = 0; x < outW; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                float dx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    float p00 = (argb[y0 * w + x0] >> shift) & 0xFF;
                    float p01 = (argb[y0 * w + x1] >> shift) & 0xFF;
                    float p10 = (argb[y1 * w + x0] >> shift) & 0xFF;
                    float p11 = (argb[y1 * w + x1] >> shift) & 0xFF;
                    float top = p00 + (p01 - p00) * dx;
                    float bottom = p10 + (p11 - p10) * dx;
                    out[(y * outW + x) * 3 + c] = top + (bottom - top) * dy;
                }
            }
        }
        return out;
    }

    static byte[] encode(float[] rgb, DType dtype) {
        switch (dtype) {
            case UINT8: {
                byte[] b = new byte[rgb.length];
                for (int k = 0; k < rgb.length; k++) {
                    b[k] = (byte) clamp(Math.round(rgb[k]), 0, 255);
                }
                return b;
            }
            case INT8: {
                byte[] b = new byte[rgb.length];
                for (int k = 0; k < rgb.length; k++) {
                    b[k] = (byte) (clamp(Math.round(rgb[k]), 0, 255) - 128);
                }
                return b;
            }
            case FLOAT32: {
                ByteBuffer bb = ByteBuffer.allocate(rgb.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : rgb) {
                    bb.putFloat((v - 127.5f) / 127.5f);
                }
                return bb.array();
            }
            default:
                throw new IllegalArgumentException("image inputs of type " + dtype + " are not supported");
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
