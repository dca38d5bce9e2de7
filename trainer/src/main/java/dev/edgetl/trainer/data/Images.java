package dev.edgetl.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Image decoding and the deterministic resize/crop used for evaluation, embeddings, export goldens and tests. */
public final class Images {
    private Images() {}

    /** The formats we accept, by magic bytes (not by file name): JPEG, PNG, BMP. */
    public static String sniffFormat(Path file) throws IOException {
        byte[] h = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(h, 0, h.length);
        }
        if (n >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        if (n >= 8 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
            return "png";
        }
        if (n >= 2 && h[0] == 'B' && h[1] == 'M') {
            return "bmp";
        }
        if (n >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F') {
            return "gif";
        }
        return null;
    }

    public static BufferedImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not a readable image");
        }
        return img;
    }

    /** Bilinear resize of the whole image to {@code w x h}, as RGB bytes in HWC order. */
    public static byte[] resizeRgb(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return rgbBytes(dst);
    }

    /**
     * ImageNet-style evaluation view: shorter side scaled to {@code size / 0.875}, then the centre
     * {@code size x size} crop (torchvision's Resize(256) + CenterCrop(224)).
     */
    public static byte[] centerCropRgb(BufferedImage src, int size) {
        double shortSide = size / 0.875;
        double scale = shortSide / Math.min(src.getWidth(), src.getHeight());
        int w = Math.max(size, (int) Math.round(src.getWidth() * scale));
        int h = Math.max(size, (int) Math.round(src.getHeight() * scale));
        BufferedImage dst = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, -(w - size) / 2, -(h - size) / 2, w, h, null);
        g.dispose();
        return rgbBytes(dst);
    }

    /** The evaluation view: {@link #centerCropRgb} or, without centre crop, the whole image resized to size x size. */
    public static byte[] viewRgb(BufferedImage src, int size, boolean centerCrop) {
        return centerCrop ? centerCropRgb(src, size) : resizeRgb(src, size, size);
    }

    private static byte[] rgbBytes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                out[o] = (byte) (p >> 16);
                out[o + 1] = (byte) (p >> 8);
                out[o + 2] = (byte) p;
            }
        }
        return out;
    }

    /** HWC RGB bytes -> normalised CHW floats. */
    public static float[] toChw(byte[] hwc, int w, int h, Normalization norm) {
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * plane + i] = norm.apply(hwc[i * 3 + c] & 0xFF);
            }
        }
        return out;
    }

    /** HWC RGB bytes -> normalised HWC floats (the TFLite input layout). */
    public static float[] toHwc(byte[] hwc, Normalization norm) {
        float[] out = new float[hwc.length];
        for (int i = 0; i < hwc.length; i++) {
            out[i] = norm.apply(hwc[i] & 0xFF);
        }
        return out;
    }

    /** A batch {@code [N,3,H,W]} from CHW float images. */
    public static NDArray batch(NDManager manager, float[][] chw, int w, int h) {
        float[] all = new float[chw.length * 3 * w * h];
        for (int i = 0; i < chw.length; i++) {
            System.arraycopy(chw[i], 0, all, i * 3 * w * h, 3 * w * h);
        }
        return manager.create(all, new Shape(chw.length, 3, h, w));
    }
}
