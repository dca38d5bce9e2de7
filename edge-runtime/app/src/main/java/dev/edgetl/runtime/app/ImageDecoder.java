package dev.edgetl.runtime.app;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, BMP and GIF files with the JDK's ImageIO into packed ARGB.
 *
 * <ul>
 *   <li>Grey images (8 or 16 bit, with or without alpha) are read from the raster and replicated to R=G=B.
 *       {@code BufferedImage.getRGB} would convert linear grey to sRGB and brighten them.</li>
 *   <li>Palette, RGB, 16-bit and alpha images go through {@code getRGB} (sRGB); alpha is kept in the top byte and
 *       ignored by the pre-processing (colour as stored, no compositing).</li>
 *   <li>Animated GIFs: the first frame.</li>
 *   <li>CMYK/YCCK JPEGs are not supported by the JDK's decoder: refused with a message saying so.</li>
 * </ul>
 * Every failure is an {@link ImageDecodeException} naming the file.
 */
public final class ImageDecoder {
    private static final Set<String> FORMATS = Set.of("jpeg", "png", "bmp", "gif");
    /** Refuse before decoding: a 100-byte header can claim a 2^31-pixel image. */
    static final long MAX_PIXELS = 100_000_000L;

    private ImageDecoder() {}

    public static DecodedImage read(Path file) throws ImageDecodeException {
        if (!Files.exists(file)) {
            throw new ImageDecodeException(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(file, "is a directory, not an image");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ImageDecodeException(file, "empty file (0 bytes), not an image");
            }
        } catch (IOException e) {
            throw new ImageDecodeException(file, "cannot be read: " + e.getMessage(), e);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new ImageDecodeException(file, "cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException(file, "not a JPEG, PNG, BMP or GIF image (format not recognised)");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            if (format.equals("jpg")) {
                format = "jpeg";
            }
            if (!FORMATS.contains(format)) {
                reader.dispose();
                throw new ImageDecodeException(file, format + " images are not supported (JPEG, PNG, BMP or GIF)");
            }
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
                    throw new ImageDecodeException(file, "image size " + w + "x" + h + " is outside 1.." + MAX_PIXELS + " pixels");
                }
                BufferedImage img = reader.read(0);
                return new DecodedImage(img.getWidth(), img.getHeight(), toArgb(img), format);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IIOException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Unsupported Image Type") || msg.contains("Unsupported JPEG process")) {
                throw new ImageDecodeException(file, "this JPEG variant (e.g. CMYK/YCCK or arithmetic coding) is not supported by the decoder: convert it to an RGB JPEG or PNG", e);
            }
            throw new ImageDecodeException(file, "corrupt or truncated image: " + msg, e);
        } catch (IOException e) {
            throw new ImageDecodeException(file, "cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions (index, negative size...) on damaged files.
            throw new ImageDecodeException(file, "corrupt image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    static int[] toArgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = new int[w * h];
        if (img.getColorModel() instanceof ComponentColorModel
                && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster r = img.getRaster();
            boolean wide = r.getTransferType() == DataBuffer.TYPE_USHORT;
            boolean alpha = img.getColorModel().hasAlpha();
            int[] px = new int[r.getNumBands()];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.getPixel(x, y, px);
                    int v = wide ? px[0] >>> 8 : px[0];
                    int a = alpha ? (wide ? px[1] >>> 8 : px[1]) : 0xFF;
                    argb[y * w + x] = (a << 24) | (v << 16) | (v << 8) | v;
                }
            }
            return argb;
        }
        img.getRGB(0, 0, w, h, argb, 0, w);
        return argb;
    }
}
