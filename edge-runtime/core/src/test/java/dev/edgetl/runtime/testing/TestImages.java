package dev.edgetl.runtime.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Test-only image loading (the core itself stays free of AWT): decode, bilinear resize (corner-aligned
 * sampling at pixel centres, like TF's resize_bilinear with half_pixel_centers), RGB bytes in HWC order.
 */
public final class TestImages {
    private TestImages() {}

    public static int[] rgb(Path file, int height, int width) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not a decodable image");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        int[] out = new int[height * width * 3];
        for (int y = 0; y < height; y++) {
            float sy = Math.max(0f, (y + 0.5f) * h / height - 0.5f);
            int y0 = Math.min((int) sy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            float fy = sy - y0;
            for (int x = 0; x < width; x++) {
                float sx = Math.max(0f, (x + 0.5f) * w / width - 0.5f);
                int x0 = Math.min((int) sx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                float fx = sx - x0;
                int p00 = img.getRGB(x0, y0);
                int p01 = img.getRGB(x1, y0);
                int p10 = img.getRGB(x0, y1);
                int p11 = img.getRGB(x1, y1);
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    float top = ((p00 >> shift) & 0xFF) * (1 - fx) + ((p01 >> shift) & 0xFF) * fx;
                    float bot = ((p10 >> shift) & 0xFF) * (1 - fx) + ((p11 >> shift) & 0xFF) * fx;
                    out[(y * width + x) * 3 + c] = Math.round(top * (1 - fy) + bot * fy);
                }
            }
        }
        return out;
    }
}
