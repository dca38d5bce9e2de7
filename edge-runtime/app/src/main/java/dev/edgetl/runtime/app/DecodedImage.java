package dev.edgetl.runtime.app;

/** Decoded pixels as packed ARGB (row-major), the form Android's {@code Bitmap.getPixels} also gives. */
public final class DecodedImage {
    private final int width;
    private final int height;
    private final int[] argb;
    private final String format;

    public DecodedImage(int width, int height, int[] argb, String format) {
        this.width = width;
        this.height = height;
        this.argb = argb;
        this.format = format;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int[] argb() {
        return argb;
    }

    /** The decoder's format name (jpeg, png, bmp, gif). */
    public String format() {
        return format;
    }
}
