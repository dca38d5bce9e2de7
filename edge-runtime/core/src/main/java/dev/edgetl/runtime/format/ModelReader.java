package dev.edgetl.runtime.format;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Metadata;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * Reads a {@code .tflite} file through the generated schema classes and validates it as untrusted input.
 *
 * <p>flatbuffers-java has no verifier, so every vector length is checked against the file size before it is
 * iterated (work stays proportional to the file) and any out-of-range access of the flatbuffer is turned into
 * a {@link ModelFormatException} naming what was being read.
 */
public final class ModelReader {
    /** The schema version this reader understands (TFLite writes 3). */
    public static final int SCHEMA_VERSION = 3;

    /** Upper bounds that protect the host from hostile files. */
    public static final class Limits {
        private final long maxFileBytes;
        private final long maxTensorBytes;

        public Limits(long maxFileBytes, long maxTensorBytes) {
            this.maxFileBytes = maxFileBytes;
            this.maxTensorBytes = maxTensorBytes;
        }

        public long maxFileBytes() {
            return maxFileBytes;
        }

        public long maxTensorBytes() {
            return maxTensorBytes;
        }

        public static final Limits DEFAULT = new Limits(1L << 30, 1L << 30);
    }

    private ModelReader() {}

    public static TfliteModel read(Path file) throws IOException {
        return read(file, Limits.DEFAULT);
    }

    public static TfliteModel read(Path file, Limits limits) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw new ModelFormatException(file + ": file is " + size + " bytes, above the limit of "
                    + limits.maxFileBytes());
        }
        byte[] bytes = Files.readAllBytes(file);
        return read(ByteBuffer.wrap(bytes), file.toString(), limits);
    }

    public static TfliteModel read(byte[] bytes, String source) {
        return read(ByteBuffer.wrap(bytes), source, Limits.DEFAULT);
    }

    public static TfliteModel read(ByteBuffer buffer, String source, Limits limits) {
        ByteBuffer bb = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ((Buffer) bb).position(0); // the cast keeps the Java 8 signature (Android)
        if (bb.limit() > limits.maxFileBytes()) {
            throw new ModelFormatException(source + ": " + bb.limit() + " bytes, above the limit of "
                    + limits.maxFileBytes());
        }
        if (bb.limit() < 8) {
            throw new ModelFormatException(source + ": " + bb.limit() + " bytes is too short for a TFLite model");
        }
        if (!Model.ModelBufferHasIdentifier(bb)) {
            throw new ModelFormatException(source + ": not a TFLite model (file identifier is not 'TFL3')");
        }
        Reader reader = new Reader(bb, source, limits);
        try {
            return reader.read();
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // IndexOutOfBounds, BufferUnderflow, IllegalArgument from a corrupt table or string.
            throw new ModelFormatException(source + ": corrupt flatbuffer while reading " + reader.where
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static final class Reader {
        final ByteBuffer bb;
        final String source;
        final Limits limits;
        final int fileSize;
        String where = "model header";
        /**
         * Bytes of vectors and strings this reader may still decode. Flatbuffer tables can all point at one
         * vector or string, so checking each length against the file is not enough: without a running total a
         * small file could make the reader do quadratic work and allocate gigabytes.
         */
        long decodeBudget;

        Reader(ByteBuffer bb, String source, Limits limits) {
            this.bb = bb;
            this.source = source;
            this.limits = limits;
            this.fileSize = bb.limit();
            this.decodeBudget = 2L * fileSize + 4096;
        }

        void charge(long bytes, String what) {
            decodeBudget -= bytes;
            if (decodeBudget < 0) {
                throw fail(what + ": the model's tables decode to more than the file holds"
                        + " (tables sharing one vector or string?)");
            }
        }

        int stringBytes(ByteBuffer utf8) {
            return utf8 == null ? 0 : utf8.remaining();
        }

        ModelFormatException fail(String what) {
            return new ModelFormatException(source + ": " + what);
        }

        /** A vector of n elements of elemBytes each cannot be longer than the file. */
        int checkedLength(int n, int elemBytes, String what) {
            if (n < 0 || (long) n * elemBytes > fileSize) {
                throw fail(what + " claims " + n + " entries, more than the file can hold");
            }
            return n;
        }

        TfliteModel read() {
            Model model = Model.getRootAsModel(bb);
            if (model.version() != SCHEMA_VERSION) {
                throw fail("schema version " + model.version() + " (expected " + SCHEMA_VERSION + ")");
            }
            where = "subgraphs";
            int subgraphs = checkedLength(model.subgraphsLength(), 4, "subgraphs");
            if (subgraphs < 1) {
                throw fail("model has no subgraph");
            }
            where = "operator codes";
            int nCodes = checkedLength(model.operatorCodesLength(), 4, "operator_codes");
            int[] codes = new int[nCodes];
            int[] versions = new int[nCodes];
            String[] customCodes = new String[nCodes];
            for (int i = 0; i < nCodes; i++) {
                where = "operator code " + i;
                OperatorCode oc = model.operatorCodes(i);
                charge(stringBytes(oc.customCodeAsByteBuffer()), "operator code " + i + " custom code");
                // Older converters only fill the byte-wide deprecated field; TFLite takes the larger of the two.
                codes[i] = Math.max(oc.builtinCode(), oc.deprecatedBuiltinCode());
                versions[i] = oc.version();
                customCodes[i] = oc.customCode();
                if (codes[i] < 0 || codes[i] >= BuiltinOperator.names.length) {
                    throw fail("operator code " + i + " has unknown builtin code " + codes[i]);
                }
                if (versions[i] < 1 || versions[i] > 1000) {
                    throw fail("operator code " + i + " (" + OperatorSpec.opName(codes[i], customCodes[i])
                            + ") has invalid version " + versions[i]);
                }
            }
            where = "buffers";
            int nBuffers = checkedLength(model.buffersLength(), 4, "buffers");

            SubGraph sg = model.subgraphs(0);
            where = "subgraph 0 tensors";
            int nTensors = checkedLength(sg.tensorsLength(), 4, "subgraph 0 tensors");
            List<TensorSpec> tensors = new ArrayList<>(nTensors);
            for (int i = 0; i < nTensors; i++) {
                where = "tensor " + i;
                tensors.add(readTensor(model, sg.tensors(i), i, nBuffers));
            }

            where = "subgraph 0 inputs/outputs";
            int[] inputs = readIndexVector(sg.inputsLength(), sg::inputs, nTensors, "subgraph input");
            int[] outputs = readIndexVector(sg.outputsLength(), sg::outputs, nTensors, "subgraph output");
            if (inputs.length == 0 || outputs.length == 0) {
                throw fail("subgraph 0 has " + inputs.length + " inputs and " + outputs.length + " outputs");
            }
            for (int in : inputs) {
                if (tensors.get(in).isConstant()) {
                    throw fail("subgraph input " + tensors.get(in).describe() + " is a constant");
                }
            }

            int nOps = checkedLength(sg.operatorsLength(), 4, "subgraph 0 operators");
            List<OperatorSpec> ops = new ArrayList<>(nOps);
            boolean[] ready = new boolean[nTensors];
            for (int in : inputs) {
                ready[in] = true;
            }
            for (TensorSpec t : tensors) {
                if (t.isConstant() || t.variable()) {
                    ready[t.index()] = true;
                }
            }
            for (int i = 0; i < nOps; i++) {
                where = "operator " + i;
                Operator op = sg.operators(i);
                int codeIndex = (int) op.opcodeIndex();
                if (codeIndex < 0 || codeIndex >= nCodes) {
                    throw fail("operator " + i + " has opcode_index " + codeIndex + " but the model has " + nCodes
                            + " operator codes");
                }
                String name = "operator " + i + " (" + OperatorSpec.opName(codes[codeIndex], customCodes[codeIndex])
                        + ")";
                int[] in = readOptionalIndexVector(op.inputsLength(), op::inputs, nTensors, name + " input");
                int[] out = readIndexVector(op.outputsLength(), op::outputs, nTensors, name + " output");
                for (int t : in) {
                    if (t >= 0 && !ready[t]) {
                        throw fail(name + " reads " + tensors.get(t).describe()
                                + " before any operator has written it");
                    }
                }
                for (int t : out) {
                    if (tensors.get(t).isConstant()) {
                        throw fail(name + " writes into constant " + tensors.get(t).describe());
                    }
                    ready[t] = true;
                }
                ops.add(new OperatorSpec(i, codes[codeIndex], customCodes[codeIndex], versions[codeIndex], in, out, op));
            }
            for (int o : outputs) {
                if (!ready[o]) {
                    throw fail("subgraph output " + tensors.get(o).describe() + " is never written");
                }
            }

            where = "metadata";
            Map<String, ByteBuffer> metadata = new LinkedHashMap<>();
            int nMeta = checkedLength(model.metadataLength(), 4, "metadata");
            for (int i = 0; i < nMeta; i++) {
                Metadata m = model.metadata(i);
                charge(stringBytes(m.nameAsByteBuffer()), "metadata " + i + " name");
                long b = m.buffer();
                if (b < 0 || b >= nBuffers) {
                    throw fail("metadata '" + m.name() + "' points to buffer " + b + " of " + nBuffers);
                }
                ByteBuffer data = bufferData(model, (int) b, "metadata '" + m.name() + "'");
                metadata.put(String.valueOf(m.name()), data == null ? ByteBuffer.allocate(0) : data);
            }
            return new TfliteModel(source, bb, model, model.description(), Collections.unmodifiableList(tensors),
                    Collections.unmodifiableList(ops), inputs, outputs, Collections.unmodifiableMap(metadata));
        }

        interface IntAt {
            int at(int i);
        }

        int[] readIndexVector(int n, IntAt at, int nTensors, String what) {
            int[] r = readOptionalIndexVector(n, at, nTensors, what);
            for (int i = 0; i < r.length; i++) {
                if (r[i] < 0) {
                    throw fail(what + " " + i + " is " + r[i] + ", not a tensor index");
                }
            }
            return r;
        }

        int[] readOptionalIndexVector(int n, IntAt at, int nTensors, String what) {
            checkedLength(n, 4, what + "s");
            charge(4L * n, what + "s");
            int[] r = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = at.at(i);
                if (r[i] < -1 || r[i] >= nTensors) {
                    throw fail(what + " " + i + " is tensor " + r[i] + " but the subgraph has " + nTensors
                            + " tensors");
                }
            }
            return r;
        }

        TensorSpec readTensor(Model model, Tensor t, int index, int nBuffers) {
            charge(stringBytes(t.nameAsByteBuffer()) + 4L * t.shapeLength(), "tensor " + index + " name and shape");
            String name = t.name();
            String label = "tensor " + index + " '" + name + "'";
            DType dtype = DType.fromCode(t.type());
            if (dtype == null) {
                throw fail(label + " has type " + DType.schemaName(t.type()) + ", which edge-runtime does not support");
            }
            int rank = t.shapeLength();
            if (rank > 8) {
                throw fail(label + " has rank " + rank + " (at most 8 is supported)");
            }
            int[] shape = new int[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = t.shape(d);
                if (shape[d] < 0) {
                    throw fail(label + " has dynamic or negative dimension " + d + " = " + shape[d]);
                }
                elements *= shape[d];
                if (elements > Integer.MAX_VALUE) {
                    throw fail(label + " has more than 2^31 elements (shape " + Arrays.toString(shape) + ")");
                }
            }
            long bytes = elements * dtype.byteSize();
            if (bytes > limits.maxTensorBytes()) {
                throw fail(label + " needs " + bytes + " bytes, above the limit of " + limits.maxTensorBytes());
            }
            long bufferIndex = t.buffer();
            if (bufferIndex < 0 || bufferIndex >= nBuffers) {
                throw fail(label + " points to buffer " + bufferIndex + " but the model has " + nBuffers);
            }
            ByteBuffer data = bufferIndex == 0 ? null : bufferData(model, (int) bufferIndex, label);
            if (data != null && data.remaining() != bytes) {
                throw fail(label + " has a constant buffer of " + data.remaining() + " bytes, but its shape "
                        + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
            }
            Quantization q = readQuantization(t.quantization(), shape, label);
            if (dtype.isQuantized8() && !q.isPresent() && data == null) {
                // TFLite runs such tensors only in ops that do not look at scales; we refuse them at prepare time.
                q = Quantization.NONE;
            }
            return new TensorSpec(index, name == null ? "" : name, dtype, shape, q, data, t.isVariable());
        }

        Quantization readQuantization(QuantizationParameters qp, int[] shape, String label) {
            if (qp == null || qp.scaleLength() == 0) {
                return Quantization.NONE;
            }
            int n = checkedLength(qp.scaleLength(), 4, label + " quantization scales");
            int nz = checkedLength(qp.zeroPointLength(), 8, label + " quantization zero points");
            charge(4L * n + 8L * nz, label + " quantization");
            if (nz != n) {
                throw fail(label + " has " + n + " quantization scales but " + nz + " zero points");
            }
            int dim = qp.quantizedDimension();
            if (n > 1) {
                if (dim < 0 || dim >= shape.length) {
                    throw fail(label + " quantized_dimension " + dim + " is outside its rank " + shape.length);
                }
                if (shape[dim] != n) {
                    throw fail(label + " has " + n + " per-channel scales for dimension " + dim + " of size "
                            + shape[dim]);
                }
            }
            float[] scales = new float[n];
            long[] zps = new long[n];
            for (int i = 0; i < n; i++) {
                scales[i] = qp.scale(i);
                zps[i] = qp.zeroPoint(i);
                if (!(scales[i] > 0) || Float.isInfinite(scales[i])) {
                    throw fail(label + " has quantization scale " + scales[i] + " at " + i + " (must be > 0)");
                }
            }
            return new Quantization(scales, zps, n > 1 ? dim : 0);
        }

        /** The bytes of buffer {@code index}, or null when empty. (Schema 0.4.4 has no out-of-line buffers.) */
        ByteBuffer bufferData(Model model, int index, String owner) {
            org.tensorflow.lite.schema.Buffer buf = model.buffers(index);
            int n = buf.dataLength();
            if (n == 0) {
                return null;
            }
            checkedLength(n, 1, owner + ": buffer " + index);
            ByteBuffer v = buf.dataAsByteBuffer();
            if (v == null || v.remaining() != n || v.position() + n > fileSize) {
                throw fail(owner + ": buffer " + index + " data lies outside the file");
            }
            return slice(v.position(), n);
        }

        ByteBuffer slice(int offset, int size) {
            ByteBuffer d = bb.duplicate();
            ((Buffer) d).limit(offset + size);
            ((Buffer) d).position(offset);
            return d.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
