package dev.edgetl.runtime.image;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;

/**
 * Fills an image input tensor (NHWC {@code [1, H, W, 3]}, float32, uint8 or int8) from decoded pixels: the one
 * place where the runtime's pre-processing rules live, with no AWT so that Android apps can pass the pixels
 * of a Bitmap ({@code getPixels} gives packed ARGB).
 *
 * <ol>
 *   <li>Resize with {@link BilinearResize} (half-pixel centres) to the tensor's H x W.</li>
 *   <li>float32: {@code real = (pixel - mean) / std} with the given normalisation, or (x - 127.5) / 127.5 when
 *       none is given.</li>
 *   <li>uint8/int8 with a normalisation given: normalise as above, then quantise with the tensor's scale and
 *       zero point ({@code q = round(real / scale) + zp}, clamped to the type's range).</li>
 *   <li>uint8 without one: the rounded pixel values as they are (what TFLite's Task Library feeds quantised
 *       image models, whose input quantisation is chosen to cover raw pixels). int8 without one:
 *       {@code pixel - 128}, the same mapping shifted to the int8 range.</li>
 * </ol>
 */
public final class ImageTensors {
    private ImageTensors() {}

    public static void fill(Tensor input, int[] argb, int width, int height, PixelNormalization normalization) {
        int[] s = input.shape;
        if (s.length != 4 || s[0] != 1 || s[3] != 3) {
            throw new IllegalArgumentException("input " + input.describe() + " is not an image tensor [1, H, W, 3]: "
                    + Arrays.toString(s));
        }
        float[] rgb = BilinearResize.toRgb(argb, width, height, s[2], s[1]);
        fill(input, rgb, normalization);
    }

    /** Fills from RGB floats 0..255 already at the tensor's size (HWC). */
    public static void fill(Tensor input, float[] rgb, PixelNormalization normalization) {
        if (rgb.length != input.size) {
            throw new IllegalArgumentException("input " + input.describe() + " takes " + input.size + " values, got " + rgb.length);
        }
        if (input.dtype == DType.FLOAT32) {
            PixelNormalization n = normalization != null ? normalization : PixelNormalization.MINUS_ONE_TO_ONE;
            for (int k = 0; k < rgb.length; k++) {
                input.f[input.offset + k] = n.apply(rgb[k], k % 3);
            }
            return;
        }
        int qmin;
        int qmax;
        if (input.dtype == DType.UINT8) {
            qmin = 0;
            qmax = 255;
        } else if (input.dtype == DType.INT8) {
            qmin = -128;
            qmax = 127;
        } else {
            throw new IllegalArgumentException("input " + input.describe() + ": image input must be FLOAT32, UINT8 or INT8");
        }
        if (normalization == null) {
            int shift = input.dtype == DType.INT8 ? -128 : 0;
            for (int k = 0; k < rgb.length; k++) {
                input.b[input.offset + k] = (byte) clamp(Math.round(rgb[k]) + shift, qmin, qmax);
            }
            return;
        }
        if (!input.quant.isPresent() || input.quant.isPerChannel()) {
            throw new IllegalArgumentException("input " + input.describe() + " needs one scale and zero point to be quantised");
        }
        float scale = input.scale();
        int zp = input.zeroPoint();
        for (int k = 0; k < rgb.length; k++) {
            float real = normalization.apply(rgb[k], k % 3);
            input.b[input.offset + k] = (byte) clamp(Math.round(real / scale) + zp, qmin, qmax);
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
