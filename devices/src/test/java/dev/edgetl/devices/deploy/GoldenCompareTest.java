package dev.edgetl.devices.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class GoldenCompareTest {
    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    @Test
    void integersMustMatchExactly() {
        assertThat(GoldenCompare.compare(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}, false)).isNull();
        assertThat(GoldenCompare.compare(new byte[] {1, 2, 4}, new byte[] {1, 2, 3}, false)).contains("first difference at byte 2");
        assertThat(GoldenCompare.compare(new byte[] {1, 2}, new byte[] {1, 2, 3}, false)).contains("2 bytes, the card's 3");
    }

    @Test
    void floatsWithinTheRelativeTolerancePass() {
        assertThat(GoldenCompare.compare(floats(1f, 0.5f), floats(1.00005f, 0.5f), true)).isNull();
        assertThat(GoldenCompare.compare(floats(1f, 0.5f), floats(1.001f, 0.5f), true)).contains("element 0");
        assertThat(GoldenCompare.compare(floats(Float.NaN, 0.5f), floats(1f, 0.5f), true)).contains("element 0");
    }
}
