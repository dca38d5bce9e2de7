package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LaggedInputsTest {
    @Test
    void aLaggedInputIsTheColumnKRowsEarlierAndNothingIsGivenBeforeThat() {
        LaggedInputs l = new LaggedInputs(Arrays.asList("u1", "y@2", "u2", "u1@1"));
        assertThat(l.columns).containsExactly("u1", "y", "u2");
        assertThat(l.maxLag()).isEqualTo(2);
        assertThat(l.push(new double[] {1, 10, 100})).isNull();
        assertThat(l.push(new double[] {2, 20, 200})).isNull();
        assertThat(l.push(new double[] {3, 30, 300})).containsExactly(3, 10, 300, 2);
        assertThat(l.push(new double[] {4, 40, 400})).containsExactly(4, 20, 400, 3);
        assertThat(l.push(new double[] {5, 50, 500})).containsExactly(5, 30, 500, 4);
    }

    @Test
    void withoutLagsEveryRowIsASample() {
        LaggedInputs l = new LaggedInputs(Arrays.asList("b", "a"));
        assertThat(l.columns).containsExactly("b", "a");
        assertThat(l.push(new double[] {7, 8})).containsExactly(7, 8);
    }
}
