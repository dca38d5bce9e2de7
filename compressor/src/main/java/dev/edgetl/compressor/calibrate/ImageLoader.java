package dev.edgetl.compressor.calibrate;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads an image file (anything ImageIO decodes: JPEG, PNG, BMP, GIF) into the model's normalised NHWC float
 * input. Minimal stand-in until edge-runtime/app's ImageIO adapter is merged; then this delegates to it.
 */
public final class ImageLoader {
    private ImageLoader() {}

    /** Thrown for a file that is not a readable image. */
    public static final class UnreadableImageException extends IOException {
        public UnreadableImageException(String message) {
            super(message);
        }
    }

    public static float[] load(Path file, Preprocessing p) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(file + ": not a readable image (" + e.getMessage() + ")");
        }
        if (img == null) {
            throw new UnreadableImageException(file + ": not a readable image (no ImageIO decoder accepts it)");
        }
        return toInput(img, p);
    }

    /** Bilinear resize with half-pixel centres (like TF's resize_bilinear with half_pixel_centers). */
    static float[] toInput(BufferedImage img, Preprocessing p) {
        int sw = img.getWidth();
        int sh = img.getHeight();
        int[] rgb = img.getRGB(0, 0, sw, sh, null, 0, sw);
        int w = p.width();
        int h = p.height();
        float[] out = new float[w * h * 3];
        float sx = sw / (float) w;
        float sy = sh / (float) h;
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            float dy = fy - y0;
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                float dx = fx - x0;
                int p00 = rgb[y0 * sw + x0];
                int p01 = rgb[y0 * sw + x1];
                int p10 = rgb[y1 * sw + x0];
                int p11 = rgb[y1 * sw + x1];
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    float top = ch(p00, shift) * (1 - dx) + ch(p01, shift) * dx;
                    float bottom = ch(p10, shift) * (1 - dx) + ch(p11, shift) * dx;
                    float v = top * (1 - dy) + bottom * dy;
                    out[(y * w + x) * 3 + c] = (v - p.mean(c)) / p.std(c);
                }
            }
        }
        return out;
    }

    private static int ch(int argb, int shift) {
        return (argb >>> shift) & 0xFF;
    }
}
