package dev.edgetl.compressor.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.compressor.quantize.TensorRange;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeMethodTest {
    /** A Gaussian with one far outlier: min/max keeps it, percentile and MSE clip it. */
    @Test
    void clippingMethodsIgnoreARareOutlier() {
        Random r = new Random(1);
        float[] v = new float[100_000];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) r.nextGaussian();
        }
        v[7] = 40f;
        TensorStats s = new TensorStats();
        s.addMinMax(v, 0, v.length);
        s.startHistogram();
        s.addHistogram(v, 0, v.length);
        TensorRange mm = RangeMethod.MINMAX.range(s);
        TensorRange pc = RangeMethod.PERCENTILE.range(s);
        TensorRange mse = RangeMethod.MSE.range(s);
        assertThat(mm.max()).isEqualTo(40f);
        assertThat(pc.max()).isBetween(3f, 5f);
        assertThat(mse.max()).isLessThan(40f); // one outlier among 100k still weighs in a squared error
        double errMinMax = RangeMethod.error(s.histogram(), s.histLo(), (s.histHi() - s.histLo()) / (double) TensorStats.BINS, mm.min(), mm.max());
        double errMse = RangeMethod.error(s.histogram(), s.histLo(), (s.histHi() - s.histLo()) / (double) TensorStats.BINS, mse.min(), mse.max());
        assertThat(errMse).isLessThan(errMinMax);
    }

    @Test
    void parseNamesTheChoices() {
        assertThat(RangeMethod.parse("Percentile")).isEqualTo(RangeMethod.PERCENTILE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RangeMethod.parse("kl"))
                .hasMessageContaining("minmax, percentile, mse");
    }
}
