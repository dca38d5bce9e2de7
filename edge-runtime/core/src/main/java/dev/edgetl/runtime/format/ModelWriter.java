package dev.edgetl.runtime.format;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Serialises a model through the schema's object API ({@link ModelT}) and writes files atomically: a
 * half-written {@code .tflite} never appears under the final name.
 */
public final class ModelWriter {
    private ModelWriter() {}

    /**
     * Serialises {@code model}. The object API unpacks an absent vector as an empty one, and TFLite reads empty
     * vectors differently from absent ones: an empty buffer data vector makes a tensor a constant of 0 bytes
     * ("Tensor N is invalidly specified"), an empty custom_options a builtin op with custom options, an empty
     * shape_signature a scalar signature, an empty quantization table a quantized tensor without parameters.
     * So empty optional vectors (and quantization tables with nothing in them) are written as absent; the
     * {@code model} is normalised in place. Identical vectors of longs or floats (per-channel zero points) are
     * written once ({@link SharingFlatBufferBuilder}).
     */
    public static byte[] toBytes(ModelT model) {
        clearEmptyVectors(model);
        FlatBufferBuilder fbb = new SharingFlatBufferBuilder(1 << 16);
        int root = Model.pack(fbb, model);
        Model.finishModelBuffer(fbb, root);
        return fbb.sizedByteArray();
    }

    private static void clearEmptyVectors(ModelT model) {
        if (model.getBuffers() != null) {
            for (BufferT b : model.getBuffers()) {
                if (b != null && b.getData() != null && b.getData().length == 0) {
                    b.setData(null);
                }
            }
        }
        if (model.getSubgraphs() != null) {
            for (SubGraphT sg : model.getSubgraphs()) {
                clearEmptyVectors(sg);
            }
        }
        if (model.getMetadataBuffer() != null && model.getMetadataBuffer().length == 0) {
            model.setMetadataBuffer(null);
        }
        if (model.getSignatureDefs() != null && model.getSignatureDefs().length == 0) {
            model.setSignatureDefs(null);
        }
        if (model.getMetadata() != null && model.getMetadata().length == 0) {
            model.setMetadata(null);
        }
    }

    private static void clearEmptyVectors(SubGraphT sg) {
        if (sg.getTensors() != null) {
            for (TensorT t : sg.getTensors()) {
                if (t.getShapeSignature() != null && t.getShapeSignature().length == 0) {
                    t.setShapeSignature(null);
                }
                if (t.getVariantTensors() != null && t.getVariantTensors().length == 0) {
                    t.setVariantTensors(null);
                }
                QuantizationParametersT q = t.getQuantization();
                if (q == null) {
                    continue;
                }
                if (isEmpty(q.getScale()) && isEmpty(q.getMin()) && isEmpty(q.getMax()) && isEmpty(q.getZeroPoint())
                        && (q.getDetails() == null || q.getDetails().getType() == 0)) {
                    t.setQuantization(null);
                    continue;
                }
                if (isEmpty(q.getMin())) {
                    q.setMin(null);
                }
                if (isEmpty(q.getMax())) {
                    q.setMax(null);
                }
                if (isEmpty(q.getScale())) {
                    q.setScale(null);
                }
                if (q.getZeroPoint() != null && q.getZeroPoint().length == 0) {
                    q.setZeroPoint(null);
                }
            }
        }
        if (sg.getOperators() != null) {
            for (OperatorT op : sg.getOperators()) {
                if (op.getCustomOptions() != null && op.getCustomOptions().length == 0) {
                    op.setCustomOptions(null);
                }
                if (op.getIntermediates() != null && op.getIntermediates().length == 0) {
                    op.setIntermediates(null);
                }
                if (op.getMutatingVariableInputs() != null && op.getMutatingVariableInputs().length == 0) {
                    op.setMutatingVariableInputs(null);
                }
            }
        }
    }

    private static boolean isEmpty(float[] v) {
        return v == null || v.length == 0;
    }

    private static boolean isEmpty(long[] v) {
        return v == null || v.length == 0;
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
