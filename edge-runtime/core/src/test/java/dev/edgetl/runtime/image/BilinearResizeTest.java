package dev.edgetl.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BilinearResizeTest {
    static int grey(int v) {
        return 0xFF000000 | (v << 16) | (v << 8) | v;
    }

    @Test
    void sameSizeIsIdentityAndChannelsStayInRgbOrder() {
        int[] px = {0xFF102030, 0xFF405060, 0x00708090, 0xFFA0B0C0};
        float[] rgb = BilinearResize.toRgb(px, 2, 2, 2, 2);
        assertThat(rgb).containsExactly(0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0, 0xC0);
    }

    @Test
    void upscalingTwoPixelsUsesHalfPixelCentres() {
        // src x = (x + 0.5) / 2 - 0.5 -> -0.25 (clamped to 0), 0.25, 0.75, 1.25 (hi clamped to 1).
        float[] rgb = BilinearResize.toRgb(new int[] {grey(0), grey(100)}, 2, 1, 4, 1);
        float[] r = {rgb[0], rgb[3], rgb[6], rgb[9]};
        assertThat(r[0]).isCloseTo(0f, within(1e-4f));
        assertThat(r[1]).isCloseTo(25f, within(1e-4f));
        assertThat(r[2]).isCloseTo(75f, within(1e-4f));
        assertThat(r[3]).isCloseTo(100f, within(1e-4f));
    }

    @Test
    void downscalingByTwoAveragesEachPairExactly() {
        // 4 -> 2: src x = 0.5 and 2.5: the mean of pixels (0,1) and (2,3).
        int[] px = {grey(0), grey(10), grey(20), grey(40)};
        float[] rgb = BilinearResize.toRgb(px, 4, 1, 2, 1);
        assertThat(rgb[0]).isCloseTo(5f, within(1e-4f));
        assertThat(rgb[3]).isCloseTo(30f, within(1e-4f));
    }

    @Test
    void twoDimensionalInterpolationAndConstantImages() {
        // 2x2 -> 3x3: centre pixel maps to src (0.5, 0.5): the mean of all four.
        int[] px = {grey(0), grey(40), grey(80), grey(120)};
        float[] rgb = BilinearResize.toRgb(px, 2, 2, 3, 3);
        assertThat(rgb[(1 * 3 + 1) * 3]).isCloseTo(60f, within(1e-4f));
        int[] flat = new int[7 * 5];
        java.util.Arrays.fill(flat, 0xFF336699);
        float[] c = BilinearResize.toRgb(flat, 7, 5, 3, 11);
        for (int k = 0; k < c.length; k += 3) {
            assertThat(new float[] {c[k], c[k + 1], c[k + 2]}).containsExactly(0x33, 0x66, 0x99);
        }
    }

    @Test
    void refusesInconsistentSizes() {
        assertThatThrownBy(() -> BilinearResize.toRgb(new int[3], 2, 2, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BilinearResize.toRgb(new int[4], 2, 2, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
