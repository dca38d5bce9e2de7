package dev.edgetl.compressor.tensors;

import dev.edgetl.runtime.format.ModelWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): C-order little-endian float32/float64/int32/int64
 * arrays read as float32, float32 arrays written as version 1.0. The format is a magic string, a header length,
 * a Python-dict header ({@code descr}, {@code fortran_order}, {@code shape}) padded to 64 bytes, and the data.
 */
public final class Npy {
    private Npy() {}

    /** A float32 array and its shape. */
    public record Array(int[] shape, float[] data) {
        public int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** Elements per row (product of the shape after the first dimension). */
        public int rowSize() {
            int n = 1;
            for (int d = 1; d < shape.length; d++) {
                n *= shape[d];
            }
            return n;
        }

        public float[] row(int r) {
            int n = rowSize();
            return Arrays.copyOfRange(data, r * n, r * n + n);
        }

        @Override
        public String toString() {
            return "array " + Arrays.toString(shape);
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public static Array read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
            throw new IOException(file + ": not a NumPy .npy file (no \\x93NUMPY magic)");
        }
        int major = b[6] & 0xFF;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new IOException(file + ": unsupported .npy format version " + major);
        }
        if (headerLen < 0 || start + headerLen > b.length) {
            throw new IOException(file + ": truncated .npy header");
        }
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file, "descr");
        if ("True".equals(group(FORTRAN, header, file, "fortran_order"))) {
            throw new IOException(file + ": Fortran-order arrays are not supported (save with C order)");
        }
        String shapeText = group(SHAPE, header, file, "shape").trim();
        int[] shape = shapeText.isEmpty() ? new int[0]
                : Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToInt(Integer::parseInt).toArray();
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IOException(file + ": negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count > Integer.MAX_VALUE / 8) {
            throw new IOException(file + ": too large (" + count + " elements)");
        }
        int n = (int) count;
        int width = switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IOException(file + ": dtype '" + descr
                    + "' is not supported (little-endian float32, float64, int32 or int64)");
        };
        int dataStart = start + headerLen;
        if ((long) n * width != b.length - dataStart) {
            throw new IOException(file + ": " + (b.length - dataStart) + " data bytes, shape " + Arrays.toString(shape)
                    + " of " + descr + " needs " + (long) n * width);
        }
        float[] data = new float[n];
        ((java.nio.Buffer) bb).position(dataStart);
        for (int k = 0; k < n; k++) {
            data[k] = switch (descr) {
                case "<f4" -> bb.getFloat();
                case "<f8" -> (float) bb.getDouble();
                case "<i4" -> bb.getInt();
                default -> bb.getLong();
            };
        }
        return new Array(shape, data);
    }

    /** Writes a float32 C-order array (atomically: temp file, then rename). */
    public static void write(Path file, int[] shape, float[] data) throws IOException {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + data.length);
        }
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : shape.length == 0 ? "" : dims.substring(0, dims.length() - 2);
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }", shapeText);
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : data) {
            bb.putFloat(v);
        }
        ModelWriter.writeAtomically(file, bb.array());
    }

    private static String group(Pattern p, String header, Path file, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }
}
