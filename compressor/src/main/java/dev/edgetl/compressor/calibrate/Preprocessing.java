package dev.edgetl.compressor.calibrate;

import java.util.Arrays;

/**
 * How an image becomes the model's float input: bilinear resize to width x height, then
 * (pixel - mean[c]) / std[c] per RGB channel, NHWC.
 */
public record Preprocessing(int width, int height, float[] mean, float[] std) {
    public Preprocessing {
        if (mean.length != 3 && mean.length != 1 || std.length != 3 && std.length != 1) {
            throw new IllegalArgumentException("mean/std need 1 or 3 values, got " + mean.length + "/" + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
    }

    float mean(int c) {
        return mean[mean.length == 1 ? 0 : c];
    }

    float std(int c) {
        return std[std.length == 1 ? 0 : c];
    }

    @Override
    public String toString() {
        return width + "x" + height + " mean " + Arrays.toString(mean) + " std " + Arrays.toString(std);
    }
}
