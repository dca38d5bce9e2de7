package dev.edgetl.compressor.tensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    /** The header numpy 2.4 writes for np.save of a float32 (2, 3) array (padded to 128 bytes). */
    static final String NUMPY_HEADER_2x3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

    @Test
    void writesWhatNumpyWritesAndReadsItBack(@TempDir Path d) throws IOException {
        Path f = d.resolve("a.npy");
        float[] v = {0, 0.5f, 1, 1.5f, 2, 2.5f};
        Npy.write(f, new int[] {2, 3}, v);
        byte[] b = Files.readAllBytes(f);
        assertThat(b).hasSize(128 + 24);
        assertThat(new String(b, 1, 5, StandardCharsets.ISO_8859_1)).isEqualTo("NUMPY");
        assertThat(b[8]).isEqualTo((byte) 118); // header length, as numpy writes it
        String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith(NUMPY_HEADER_2x3).endsWith("\n").matches("(?s)[^\\n]*\\n");
        Npy.Array a = Npy.read(f);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsExactly(v);
        assertThat(a.row(1)).containsExactly(1.5f, 2, 2.5f);
    }

    @Test
    void readsFloat64AndOneDimensionalArrays(@TempDir Path d) throws IOException {
        // np.save of np.array([1.5, -2.0]) (float64): shape "(2,)"
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
        Path f = d.resolve("b.npy");
        Files.write(f, npy(dict, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).putDouble(-2).array()));
        Npy.Array a = Npy.read(f);
        assertThat(a.shape()).containsExactly(2);
        assertThat(a.data()).containsExactly(1.5f, -2f);
        assertThat(a.rows()).isEqualTo(2);
        assertThat(a.rowSize()).isEqualTo(1);
    }

    @Test
    void refusesWhatItCannotRead(@TempDir Path d) throws IOException {
        Path f = d.resolve("x.npy");
        Files.writeString(f, "not numpy at all");
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("x.npy").hasMessageContaining("magic");
        Files.write(f, npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", new byte[8]));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("Fortran");
        Files.write(f, npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("'>f4'");
        Files.write(f, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[8]));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("needs 12");
    }

    static byte[] npy(String dict, byte[] data) {
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return bb.array();
    }
}
