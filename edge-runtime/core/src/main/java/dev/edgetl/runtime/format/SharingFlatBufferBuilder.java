package dev.edgetl.runtime.format;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A FlatBufferBuilder that writes each distinct vector of longs or floats once and points every later identical
 * vector at it (FlatBuffers allows shared offsets, like shared strings). A per-channel int8 model carries, for
 * every weight tensor and its int32 bias, a zero-point vector of int64 zeros as long as the channel count: without
 * sharing they take ~16 bytes per output channel (0.27 MB of a 2.7 MB int8 MobileNetV2).
 *
 * <p>The generated schema code writes such a vector as {@code startVector}, one {@code addLong}/{@code addFloat} per
 * element, {@code endVector}; this builder holds the elements back until {@code endVector}, then either reuses an
 * earlier offset or writes them. Any other kind of element flushes the vector unchanged (no sharing).
 */
final class SharingFlatBufferBuilder extends FlatBufferBuilder {
    private static final int NONE = 0;
    private static final int LONGS = 1;
    private static final int FLOATS = 2;

    private final Map<String, Integer> written = new HashMap<>();
    private boolean pending;
    private int elemSize;
    private int numElems;
    private int alignment;
    private int kind;
    private long[] longs = new long[64];
    private float[] floats = new float[64];
    private int count;

    SharingFlatBufferBuilder(int initialSize) {
        super(initialSize);
    }

    @Override
    public void startVector(int elemSize, int numElems, int alignment) {
        if ((elemSize == 8 || elemSize == 4) && numElems > 0) {
            pending = true;
            this.elemSize = elemSize;
            this.numElems = numElems;
            this.alignment = alignment;
            kind = NONE;
            count = 0;
            return;
        }
        super.startVector(elemSize, numElems, alignment);
    }

    @Override
    public void addLong(long x) {
        if (pending && elemSize == 8 && (kind == NONE || kind == LONGS) && count < numElems) {
            kind = LONGS;
            if (count == longs.length) {
                longs = Arrays.copyOf(longs, 2 * count);
            }
            longs[count++] = x;
            return;
        }
        flush();
        super.addLong(x);
    }

    @Override
    public void addFloat(float x) {
        if (pending && elemSize == 4 && (kind == NONE || kind == FLOATS) && count < numElems) {
            kind = FLOATS;
            if (count == floats.length) {
                floats = Arrays.copyOf(floats, 2 * count);
            }
            floats[count++] = x;
            return;
        }
        flush();
        super.addFloat(x);
    }

    @Override
    public void addInt(int x) {
        flush();
        super.addInt(x);
    }

    @Override
    public void addOffset(int off) {
        flush();
        super.addOffset(off);
    }

    @Override
    public void addByte(byte x) {
        flush();
        super.addByte(x);
    }

    @Override
    public void addShort(short x) {
        flush();
        super.addShort(x);
    }

    @Override
    public void addBoolean(boolean x) {
        flush();
        super.addBoolean(x);
    }

    @Override
    public void addDouble(double x) {
        flush();
        super.addDouble(x);
    }

    @Override
    public int endVector() {
        if (!pending) {
            return super.endVector();
        }
        if (count != numElems || kind == NONE) {
            flush();
            return super.endVector();
        }
        String key = kind == LONGS ? "l" + Arrays.toString(Arrays.copyOf(longs, count))
                : "f" + Arrays.toString(floatBits());
        pending = false;
        Integer earlier = written.get(key);
        if (earlier != null) {
            return earlier;
        }
        replay();
        int offset = super.endVector();
        written.put(key, offset);
        return offset;
    }

    /** Bit patterns, so that -0.0 and 0.0 (and NaN payloads) are told apart. */
    private int[] floatBits() {
        int[] bits = new int[count];
        for (int k = 0; k < count; k++) {
            bits[k] = Float.floatToRawIntBits(floats[k]);
        }
        return bits;
    }

    /** Writes a held-back vector as it came, and stops holding back. */
    private void flush() {
        if (pending) {
            pending = false;
            replay();
        }
    }

    private void replay() {
        super.startVector(elemSize, numElems, alignment);
        for (int k = 0; k < count; k++) {
            if (kind == LONGS) {
                super.addLong(longs[k]);
            } else {
                super.addFloat(floats[k]);
            }
        }
    }
}
