package dev.edgetl.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.translate.Transform;
import java.util.Random;

/**
 * Brightness, contrast and saturation jitter on a CHW float image in [0, 1]. DJL's {@code RandomColorJitter}
 * throws "Not implemented" on the PyTorch engine (0.36), so this is the same transform in plain NDArray ops.
 */
final class ColorJitter implements Transform {
    private final float brightness;
    private final float contrast;
    private final float saturation;
    private final Random random;

    ColorJitter(float brightness, float contrast, float saturation, Random random) {
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.random = random;
    }

    private float factor(float amount) {
        return 1f + amount * (2f * random.nextFloat() - 1f);
    }

    @Override
    public NDArray transform(NDArray chw) {
        NDArray x = chw.mul(factor(brightness));
        // ITU-R 601 luma, as torchvision's rgb_to_grayscale
        NDArray gray = x.get("0:1").mul(0.299f).add(x.get("1:2").mul(0.587f)).add(x.get("2:3").mul(0.114f));
        float c = factor(contrast);
        x = x.sub(gray.mean()).mul(c).add(gray.mean());
        float s = factor(saturation);
        gray = x.get("0:1").mul(0.299f).add(x.get("1:2").mul(0.587f)).add(x.get("2:3").mul(0.114f));
        x = x.sub(gray).mul(s).add(gray);
        return x.clip(0f, 1f);
    }
}
