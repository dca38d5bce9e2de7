package dev.edgetl.compressor.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfAndWeightsTest {
    @Test
    void halfConversionRoundsToNearestEven() {
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3C00);
        assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xC000);
        assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7BFF);
        assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7C00); // overflow -> +inf
        assertThat(Half.fromFloat(5.9604645e-8f)).isEqualTo((short) 0x0001); // smallest subnormal
        assertThat(Half.fromFloat(1f + 1f / 2048)).isEqualTo((short) 0x3C00); // tie -> even
        assertThat(Half.fromFloat(1f + 3f / 2048)).isEqualTo((short) 0x3C02); // tie -> even (up)
        for (float v : new float[] {0.1f, -3.75f, 1234.5f, 6.1e-5f, 2.5e-6f}) {
            float back = Half.toFloat(Half.fromFloat(v));
            assertThat(Math.abs(back - v)).as("%s", v).isLessThanOrEqualTo(Math.abs(v) / 1024 + 6e-8f);
        }
    }

    @Test
    void perChannelScalesFollowTheChannelAxis() {
        // Depthwise [1, 1, 2, 3]: channel = last axis.
        float[] w = {1f, -0.5f, 0.25f, -2f, 0.5f, 0f};
        WeightQuantizer.Result q = WeightQuantizer.quantize(w, new int[] {1, 1, 2, 3}, 3, true);
        assertThat(q.scales).containsExactly(2f / 127, 0.5f / 127, 0.25f / 127);
        assertThat(q.values).containsExactly((byte) 64, (byte) -127, (byte) 127, (byte) -127, (byte) 127, (byte) 0);
        // Conv [2, 1, 1, 3]: channel = first axis.
        WeightQuantizer.Result c = WeightQuantizer.quantize(w, new int[] {2, 1, 1, 3}, 0, true);
        assertThat(c.scales).containsExactly(1f / 127, 2f / 127);
        WeightQuantizer.Result t = WeightQuantizer.quantize(w, new int[] {2, 1, 1, 3}, 0, false);
        assertThat(t.scales).containsExactly(2f / 127);
    }

    @Test
    void weightScaleGrowsWhenTheBiasWouldOverflowInt32() {
        float[] w = {1e-9f, -1e-9f};
        WeightQuantizer.Result q = WeightQuantizer.quantize(w, new int[] {1, 2}, 0, true);
        WeightQuantizer.Result f = WeightQuantizer.fitBias(w, new int[] {1, 2}, 0, q, new float[] {3f}, 0.01f);
        float[] biasScales = new float[1];
        int[] b = WeightQuantizer.quantizeBias(new float[] {3f}, 0.01f, f.scales, biasScales);
        assertThat(Math.abs((long) b[0])).isLessThan(1L << 30);
        assertThat(b[0] * (double) biasScales[0]).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void activationParametersContainZeroExactly() {
        float[] p = new TensorRange(0f, 6f).int8Params();
        assertThat(p[0]).isEqualTo(6f / 255);
        assertThat(p[1]).isEqualTo(-128f);
        float[] s = new TensorRange(-1f, 1f).int8Params();
        assertThat(s[1]).isBetween(-1f, 0f);
        float[] pos = new TensorRange(2f, 4f).int8Params(); // widened to [0, 4]
        assertThat(pos[0]).isEqualTo(4f / 255);
    }
}
