package dev.edgetl.devices.deploy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Compares a device's output with a golden output: integer outputs byte for byte; float32 outputs within
 * {@link #FLOAT_TOLERANCE} of the largest golden magnitude (cards exported by the trainer hold the training
 * framework's outputs, which match TFLite's to about 1e-4, not bit for bit).
 */
final class GoldenCompare {
    static final double FLOAT_TOLERANCE = 1e-4;

    private GoldenCompare() {}

    /** Null when they match, else what differs. */
    static String compare(byte[] got, byte[] expected, boolean float32) {
        if (got.length != expected.length) {
            return "output has " + got.length + " bytes, the card's " + expected.length;
        }
        if (java.util.Arrays.equals(got, expected)) {
            return null;
        }
        if (!float32 || got.length % 4 != 0) {
            return "output differs from the card's, first difference at byte " + firstDifference(got, expected);
        }
        ByteBuffer g = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
        double maxAbs = 0;
        double maxDiff = 0;
        int worst = -1;
        for (int i = 0; i < got.length / 4; i++) {
            float a = g.getFloat(i * 4);
            float b = e.getFloat(i * 4);
            maxAbs = Math.max(maxAbs, Math.abs(b));
            double d = Float.isNaN(a) != Float.isNaN(b) ? Double.POSITIVE_INFINITY : Math.abs(a - b);
            if (d > maxDiff) {
                maxDiff = d;
                worst = i;
            }
        }
        if (maxDiff <= FLOAT_TOLERANCE * Math.max(maxAbs, 1e-30)) {
            return null;
        }
        return String.format(Locale.ROOT, "float output differs from the card's by %.3g at element %d (tolerance %.1g x max|golden| = %.3g)",
                maxDiff, worst, FLOAT_TOLERANCE, FLOAT_TOLERANCE * maxAbs);
    }

    static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }
}
