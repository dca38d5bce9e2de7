package dev.edgetl.compressor.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Dead channels of a network trained from scratch hold denormal weights: their scale must not underflow to 0. */
class WeightQuantizerDenormalTest {
    @Test
    void denormalAndZeroChannelsGetScaleOneAndOthersMaxOver127() {
        // [channels=3, 2]: a normal channel, a denormal one (max/127 underflows to 0f), an all-zero one.
        float[] w = {0.5f, -1.27f, 1e-44f, -3e-45f, 0f, 0f};
        WeightQuantizer.Result r = WeightQuantizer.quantize(w, new int[] {3, 2}, 0, true);
        assertThat(1e-44f / 127f).isZero();
        assertThat(r.scales[0]).isEqualTo(1.27f / 127f);
        assertThat(r.scales[1]).isEqualTo(1f);
        assertThat(r.scales[2]).isEqualTo(1f);
        assertThat(r.values).containsExactly(50, -127, 0, 0, 0, 0);
    }
}
