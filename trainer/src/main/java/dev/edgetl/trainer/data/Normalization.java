package dev.edgetl.trainer.data;

/**
 * Input normalisation in pixel units: {@code x = (pixel - mean) / std} with pixels in 0..255, the same for all
 * channels. TFLite uint8 inputs carry it as quantisation ({@code real = scale * (q - zeroPoint)}, i.e.
 * {@code mean = zeroPoint, std = 1/scale}).
 */
public final class Normalization {
    private final float mean;
    private final float std;

    public Normalization(float mean, float std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("normalisation std must be > 0, got " + std);
        }
        this.mean = mean;
        this.std = std;
    }

    /** TensorFlow's MobileNet convention: {@code (x - 127.5) / 127.5}, values in [-1, 1]. */
    public static Normalization tensorflow() {
        return new Normalization(127.5f, 127.5f);
    }

    /**
     * torchvision's per-channel ImageNet normalisation (mean 0.485/0.456/0.406, std 0.229/0.224/0.225) reduced to one
     * value for all channels (mean 116.3, std 57.4), which this class can express; for networks trained here.
     */
    public static Normalization torchvisionApproximation() {
        return new Normalization(116.3f, 57.4f);
    }

    public static Normalization fromQuantization(float scale, long zeroPoint) {
        return new Normalization(zeroPoint, 1f / scale);
    }

    public float mean() {
        return mean;
    }

    public float std() {
        return std;
    }

    public float apply(float pixel) {
        return (pixel - mean) / std;
    }

    @Override
    public String toString() {
        return "(x - " + mean + ") / " + std;
    }
}
