package dev.edgetl.softsensor.export;

import dev.edgetl.runtime.format.ModelWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** NumPy {@code .npy} v1.0 writer for {@code <f4} C-order arrays (the contract's tensor file format). */
public final class Npy {
    private Npy() {}

    public static byte[] toBytes(float[] data, int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("npy: " + data.length + " values for shape " + java.util.Arrays.toString(shape));
        }
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        sh.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + sh + ", }";
        int unpadded = 10 + dict.length() + 1; // magic(6) + version(2) + length(2) + dict + '\n'
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] hb = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bb = ByteBuffer.allocate(10 + hb.length + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bb.putShort((short) hb.length).put(hb);
        bb.asFloatBuffer().put(data);
        return bb.array();
    }

    public static void write(Path file, float[] data, int... shape) throws IOException {
        ModelWriter.writeAtomically(file, toBytes(data, shape));
    }
}
