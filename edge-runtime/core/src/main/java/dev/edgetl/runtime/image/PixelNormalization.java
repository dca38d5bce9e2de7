package dev.edgetl.runtime.image;

import java.util.Arrays;

/**
 * How pixel values 0..255 map to the model's real input values: {@code real = (pixel - mean[c]) / std[c]}, with
 * one value for all channels or one per RGB channel. {@code source} says where it came from (metadata, model
 * card, flags, default) so that tools can print it.
 */
public final class PixelNormalization {
    /** The MobileNet/Inception convention (real input in [-1, 1]); the default for float models. */
    public static final PixelNormalization MINUS_ONE_TO_ONE =
            new PixelNormalization(new float[] {127.5f}, new float[] {127.5f}, "default (x - 127.5) / 127.5");

    private final float[] mean;
    private final float[] std;
    private final String source;

    public PixelNormalization(float[] mean, float[] std, String source) {
        if (mean == null || std == null || (mean.length != 1 && mean.length != 3) || (std.length != 1 && std.length != 3)) {
            throw new IllegalArgumentException(source + ": mean and std need 1 or 3 values each, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException(source + ": std must be > 0, got " + Arrays.toString(std));
            }
        }
        for (float m : mean) {
            if (Float.isNaN(m) || Float.isInfinite(m)) {
                throw new IllegalArgumentException(source + ": mean must be finite, got " + Arrays.toString(mean));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.source = source;
    }

    public float mean(int channel) {
        return mean.length == 1 ? mean[0] : mean[channel];
    }

    public float std(int channel) {
        return std.length == 1 ? std[0] : std[channel];
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    public String source() {
        return source;
    }

    public float apply(float pixel, int channel) {
        return (pixel - mean(channel)) / std(channel);
    }

    @Override
    public String toString() {
        return "mean " + Arrays.toString(mean) + " std " + Arrays.toString(std) + " (" + source + ")";
    }
}
