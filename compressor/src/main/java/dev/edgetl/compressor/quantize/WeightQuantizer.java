package dev.edgetl.compressor.quantize;

/**
 * Symmetric int8 weight quantization (TFLite 8-bit spec): values in [-127, 127], zero point 0, one scale per
 * slice along {@code channelDim} (or one for the whole tensor), scale = max|w| / 127.
 */
final class WeightQuantizer {
    private WeightQuantizer() {}

    static final class Result {
        final byte[] values;
        final float[] scales;

        Result(byte[] values, float[] scales) {
            this.values = values;
            this.scales = scales;
        }
    }

    static Result quantize(float[] w, int[] shape, int channelDim, boolean perChannel) {
        int channels = perChannel ? shape[channelDim] : 1;
        int inner = 1;
        for (int d = channelDim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int chStride = perChannel ? shape[channelDim] : 1;
        float[] maxAbs = new float[channels];
        for (int k = 0; k < w.length; k++) {
            int c = perChannel ? (k / inner) % chStride : 0;
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[k]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            // An all-zero channel still needs a positive scale: TFLite rejects scale 0. So does a channel whose
            // weights decayed to denormals (dead channels after training from scratch): max/127 underflows to 0.
            float s = maxAbs[c] / 127f;
            scales[c] = s >= Float.MIN_NORMAL ? s : 1f;
        }
        byte[] q = new byte[w.length];
        for (int k = 0; k < w.length; k++) {
            int c = perChannel ? (k / inner) % chStride : 0;
            long v = (long) round(w[k] / (double) scales[c]);
            q[k] = (byte) Math.max(-127, Math.min(127, v));
        }
        return new Result(q, scales);
    }

    /**
     * Weight scales large enough that every bias fits int32 at scale inputScale * weightScale (TFLite's
     * converter does the same): a nearly dead channel (BN folded to ~0 weights) with a real bias would
     * otherwise overflow and clamp. Requantizes the channels whose scale grows; returns the new result.
     */
    static Result fitBias(float[] w, int[] shape, int channelDim, Result q, float[] bias, float inputScale) {
        if (bias == null) {
            return q;
        }
        float[] scales = q.scales.clone();
        boolean changed = false;
        // Keep 2 bits of headroom below int32 so accumulation plus bias cannot overflow either.
        double limit = (double) (1 << 29);
        for (int c = 0; c < bias.length; c++) {
            int s = scales.length == 1 ? 0 : c;
            double needed = Math.abs(bias[c]) / (inputScale * limit);
            if (scales[s] < needed) {
                scales[s] = (float) needed;
                changed = true;
            }
        }
        if (!changed) {
            return q;
        }
        int inner = 1;
        for (int d = channelDim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int ch = scales.length == 1 ? 1 : shape[channelDim];
        byte[] values = new byte[w.length];
        for (int k = 0; k < w.length; k++) {
            int c = scales.length == 1 ? 0 : (k / inner) % ch;
            values[k] = (byte) Math.max(-127, Math.min(127, (long) round(w[k] / (double) scales[c])));
        }
        return new Result(values, scales);
    }

    /** int32 bias with scale inputScale * weightScale[c] (zero point 0), as TFLite's kernels require. */
    static int[] quantizeBias(float[] bias, float inputScale, float[] weightScales, float[] biasScalesOut) {
        int[] q = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            float s = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
            biasScalesOut[c] = s;
            double v = round(bias[c] / (double) s);
            q[c] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }

    /** Half away from zero, like std::round in TFLite's quantization utilities. */
    static double round(double x) {
        return Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
    }
}
