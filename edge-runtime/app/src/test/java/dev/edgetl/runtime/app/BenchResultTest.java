package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchResultTest {
    @Test
    void nearestRankPercentiles() {
        double[] ms = new double[100];
        for (int i = 0; i < 100; i++) {
            ms[i] = 100 - i; // 1..100, unsorted
        }
        BenchResult r = new BenchResult("m", "scalar", 1, 0, ms, 0, 0);
        assertThat(r.percentile(50)).isEqualTo(50);
        assertThat(r.percentile(90)).isEqualTo(90);
        assertThat(r.percentile(99)).isEqualTo(99);
        assertThat(r.minMs()).isEqualTo(1);
        BenchResult one = new BenchResult("m", "scalar", 1, 0, new double[] {3.5}, 0, 0);
        assertThat(one.percentile(99)).isEqualTo(3.5);
        assertThat(one.percentile(50)).isEqualTo(3.5);
    }
}
