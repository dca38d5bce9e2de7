package dev.edgetl.runtime.format;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;

/**
 * Serialises a model through the schema's object API ({@link ModelT}) and writes files atomically: a
 * half-written {@code .tflite} never appears under the final name.
 */
public final class ModelWriter {
    private ModelWriter() {}

    public static byte[] toBytes(ModelT model) {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1 << 16);
        int root = Model.pack(fbb, model);
        Model.finishModelBuffer(fbb, root);
        return fbb.sizedByteArray();
    }

    /** Unpacks a validated model into the mutable object form (for transformations such as quantization). */
    public static ModelT unpack(TfliteModel model) {
        ByteBuffer bb = model.bytes().duplicate();
        ((java.nio.Buffer) bb).position(0);
        return Model.getRootAsModel(bb.order(java.nio.ByteOrder.LITTLE_ENDIAN)).unpack();
    }

    public static void write(ModelT model, Path file) throws IOException {
        writeAtomically(file, toBytes(model));
    }

    /** Writes to a temporary file beside the target, then renames it into place. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
