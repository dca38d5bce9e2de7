package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelMetadata;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.image.PixelNormalization;

/**
 * Chooses the normalisation for an image input, in this order: {@code --mean/--std} flags, the model card's
 * {@code input}, the TFLite metadata's NormalizationOptions (float inputs only), else none (see
 * {@link dev.edgetl.runtime.image.ImageTensors} for what "none" means per input type).
 *
 * <p>Metadata normalisation is not applied to uint8/int8 inputs: TFLite's own tools feed quantised image models
 * raw pixels, and Google's quantised models carry mean 127.5/std 127.5 next to an input quantisation that
 * already maps 0..255 onto that range. A card or flags, being explicit, are applied (normalise, then quantise).
 */
public final class Preprocessing {
    private final PixelNormalization normalization;
    private final String description;

    private Preprocessing(PixelNormalization normalization, String description) {
        this.normalization = normalization;
        this.description = description;
    }

    public static Preprocessing choose(TensorSpec input, float[] meanFlag, float[] stdFlag, ModelCardHints card, ModelMetadata metadata) {
        boolean quantized = input.dtype() == DType.UINT8 || input.dtype() == DType.INT8;
        PixelNormalization n = null;
        if (meanFlag != null || stdFlag != null) {
            if (meanFlag == null || stdFlag == null) {
                throw new IllegalArgumentException("--mean and --std go together: give both");
            }
            n = new PixelNormalization(meanFlag, stdFlag, "--mean/--std");
        } else if (card != null && card.normalization() != null) {
            n = card.normalization();
        } else if (!quantized && metadata.hasNormalization()) {
            n = new PixelNormalization(metadata.mean(), metadata.std(), "model metadata");
        }
        String what;
        if (n != null) {
            what = quantized ? "(pixel - mean) / std, then quantised with the input's scale/zero point: " + n : "(pixel - mean) / std: " + n;
        } else if (input.dtype() == DType.UINT8) {
            what = "raw pixels 0..255 (uint8 input" + (metadata.hasNormalization() ? "; metadata normalisation is implied by its quantisation" : "") + ")";
        } else if (input.dtype() == DType.INT8) {
            what = "pixel - 128 (int8 input, no normalisation given)";
        } else {
            what = PixelNormalization.MINUS_ONE_TO_ONE.toString();
        }
        return new Preprocessing(n, "bilinear resize (half-pixel centres) to " + input.dim(2) + "x" + input.dim(1) + ", " + what);
    }

    /** The normalisation to apply, or null for the input type's default. */
    public PixelNormalization normalization() {
        return normalization;
    }

    public String describe() {
        return description;
    }
}
