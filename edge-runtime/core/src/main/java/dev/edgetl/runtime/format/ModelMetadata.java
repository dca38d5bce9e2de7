package dev.edgetl.runtime.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.tensorflow.lite.support.metadata.schema.AssociatedFile;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnit;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadata;
import org.tensorflow.lite.support.metadata.schema.TensorMetadata;

/**
 * The TFLite metadata of a model, when it has some: the {@code TFLITE_METADATA} buffer (a {@code ModelMetadata}
 * flatbuffer of the TFLite Support schema) and the associated files, which TFLite's metadata populator stores in
 * a ZIP archive appended to the model file (the flatbuffer ignores the trailing bytes).
 *
 * <p>Only what the runtime uses is decoded: name, description, version, author, licence, the input's
 * normalisation (NormalizationOptions mean/std of input 0) and the labels of output 0 (its associated file of
 * type TENSOR_AXIS_LABELS: one label per line). Android-safe: java.util.zip only.
 */
public final class ModelMetadata {
    /** The metadata buffer name written by TFLite's metadata tools. */
    public static final String BUFFER_NAME = "TFLITE_METADATA";

    /** Bounds for the appended archive, on top of the file-size bound: no zip bomb can exhaust memory. */
    private static final long MAX_ENTRY_BYTES = 64L << 20;
    private static final long MAX_TOTAL_BYTES = 128L << 20;
    private static final int MAX_ENTRIES = 1024;

    private static final ModelMetadata NONE = new ModelMetadata(false, null, null, null, null, null, null, null,
            Collections.<String>emptyList(), null, Collections.<String, byte[]>emptyMap());

    private final boolean present;
    private final String name;
    private final String description;
    private final String version;
    private final String author;
    private final String license;
    private final float[] mean;
    private final float[] std;
    private final List<String> labels;
    private final String labelsFile;
    private final Map<String, byte[]> associatedFiles;

    private ModelMetadata(boolean present, String name, String description, String version, String author,
            String license, float[] mean, float[] std, List<String> labels, String labelsFile,
            Map<String, byte[]> associatedFiles) {
        this.present = present;
        this.name = name;
        this.description = description;
        this.version = version;
        this.author = author;
        this.license = license;
        this.mean = mean;
        this.std = std;
        this.labels = labels;
        this.labelsFile = labelsFile;
        this.associatedFiles = associatedFiles;
    }

    /** No metadata. */
    public static ModelMetadata none() {
        return NONE;
    }

    /** The metadata of {@code model}; {@link #isPresent()} is false when it has no TFLITE_METADATA buffer. */
    public static ModelMetadata of(TfliteModel model) {
        ByteBuffer buffer = model.metadata().get(BUFFER_NAME);
        if (buffer == null) {
            return NONE;
        }
        Map<String, byte[]> files = readAppendedZip(model.bytes(), model.source());
        try {
            return decode(buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN), files);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(model.source() + ": metadata buffer " + BUFFER_NAME + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // flatbuffers-java has no verifier: a corrupt table shows up as an out-of-range read.
            throw new ModelFormatException(model.source() + ": metadata buffer " + BUFFER_NAME
                    + " is corrupt (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static ModelMetadata decode(ByteBuffer bb, Map<String, byte[]> files) {
        ((Buffer) bb).position(0);
        org.tensorflow.lite.support.metadata.schema.ModelMetadata md =
                org.tensorflow.lite.support.metadata.schema.ModelMetadata.getRootAsModelMetadata(bb);
        float[] mean = null;
        float[] std = null;
        List<String> labels = Collections.emptyList();
        String labelsFile = null;
        if (md.subgraphMetadataLength() > 0) {
            SubGraphMetadata sg = md.subgraphMetadata(0);
            if (sg.inputTensorMetadataLength() > 0) {
                TensorMetadata in = sg.inputTensorMetadata(0);
                for (int p = 0; p < bounded(in.processUnitsLength(), bb); p++) {
                    ProcessUnit unit = in.processUnits(p);
                    if (unit.optionsType() == ProcessUnitOptions.NormalizationOptions) {
                        NormalizationOptions n = (NormalizationOptions) unit.options(new NormalizationOptions());
                        mean = floats(n.meanLength(), bb, n::mean);
                        std = floats(n.stdLength(), bb, n::std);
                    }
                }
            }
            if (sg.outputTensorMetadataLength() > 0) {
                TensorMetadata out = sg.outputTensorMetadata(0);
                for (int f = 0; f < bounded(out.associatedFilesLength(), bb); f++) {
                    AssociatedFile file = out.associatedFiles(f);
                    if (file.type() == AssociatedFileType.TENSOR_AXIS_LABELS && labelsFile == null) {
                        labelsFile = file.name();
                        byte[] content = files.get(labelsFile);
                        if (content == null) {
                            throw new ModelFormatException("labels file '" + labelsFile
                                    + "' is named by output 0 but missing from the archive appended to the model");
                        }
                        labels = lines(content);
                    }
                }
            }
        }
        if (mean != null && std != null) {
            for (float s : std) {
                if (!(s > 0) || Float.isInfinite(s)) {
                    throw new ModelFormatException("input normalization std must be > 0, got " + s);
                }
            }
            if (mean.length == 0 || std.length == 0) {
                mean = null;
                std = null;
            }
        } else {
            mean = null;
            std = null;
        }
        return new ModelMetadata(true, md.name(), md.description(), md.version(), md.author(), md.license(),
                mean, std, Collections.unmodifiableList(labels), labelsFile, Collections.unmodifiableMap(files));
    }

    private interface FloatAt {
        float get(int i);
    }

    private static float[] floats(int n, ByteBuffer bb, FloatAt at) {
        float[] r = new float[bounded(n, bb)];
        for (int i = 0; i < r.length; i++) {
            r[i] = at.get(i);
        }
        return r;
    }

    /** A vector length read from the buffer cannot exceed the buffer: keeps loops proportional to the file. */
    private static int bounded(int n, ByteBuffer bb) {
        if (n < 0 || n > bb.limit()) {
            throw new ModelFormatException("vector length " + n + " exceeds the " + bb.limit() + "-byte buffer");
        }
        return n;
    }

    private static List<String> lines(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            out.add(line.trim());
        }
        // A trailing newline is not an extra label.
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /**
     * The entries of the ZIP archive appended to the model, or an empty map when there is none. The archive is
     * located from its end-of-central-directory record; its first local header is then read sequentially
     * with ZipInputStream (ZipFile needs a file, and models may come from memory on Android).
     */
    static Map<String, byte[]> readAppendedZip(ByteBuffer modelBytes, String source) {
        try {
            return locateAndRead(modelBytes, source);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(source + ": the ZIP archive appended to the model is corrupt ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static Map<String, byte[]> locateAndRead(ByteBuffer modelBytes, String source) {
        ByteBuffer bb = modelBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int limit = bb.limit();
        int eocd = -1;
        // The EOCD record is 22 bytes plus a comment of at most 65535 bytes.
        for (int p = limit - 22; p >= 0 && p >= limit - 22 - 65535; p--) {
            if (bb.getInt(p) == 0x06054b50) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) {
            return Collections.emptyMap();
        }
        long cdSize = bb.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cdOffset = bb.getInt(eocd + 16) & 0xFFFFFFFFL;
        int entries = bb.getShort(eocd + 10) & 0xFFFF;
        long cdStart = eocd - cdSize;
        // Archives written by appending to the model file (TFLite's populator) hold offsets from the start of
        // the file; an archive concatenated after the model holds offsets from its own start.
        long base = cdStart - cdOffset;
        if (cdStart < 0 || base < 0) {
            throw new ModelFormatException(source + ": the ZIP archive appended to the model is corrupt "
                    + "(central directory of " + cdSize + " bytes at " + cdOffset + " does not fit in the file)");
        }
        long firstLocal = Long.MAX_VALUE;
        long p = cdStart;
        for (int e = 0; e < entries; e++) {
            if (p + 46 > eocd || bb.getInt((int) p) != 0x02014b50) {
                throw new ModelFormatException(source + ": the ZIP archive appended to the model is corrupt "
                        + "(central directory entry " + e + " is damaged)");
            }
            firstLocal = Math.min(firstLocal, bb.getInt((int) p + 42) & 0xFFFFFFFFL);
            p += 46L + (bb.getShort((int) p + 28) & 0xFFFF) + (bb.getShort((int) p + 30) & 0xFFFF)
                    + (bb.getShort((int) p + 32) & 0xFFFF);
        }
        if (entries == 0) {
            return Collections.emptyMap();
        }
        long start = base + firstLocal;
        if (start >= cdStart || bb.getInt((int) start) != 0x04034b50) {
            throw new ModelFormatException(source + ": the ZIP archive appended to the model is corrupt "
                    + "(no local file header at " + start + ")");
        }
        byte[] zip = new byte[(int) (limit - start)];
        ByteBuffer slice = bb.duplicate();
        ((Buffer) slice).position((int) start);
        slice.get(zip);
        Map<String, byte[]> files = new LinkedHashMap<>();
        long[] budget = {MAX_TOTAL_BYTES};
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (files.size() >= MAX_ENTRIES) {
                    throw new ModelFormatException(source + ": more than " + MAX_ENTRIES + " files appended to the model");
                }
                if (!e.isDirectory()) {
                    files.put(e.getName(), readBounded(in, e.getName(), source, budget));
                }
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(source + ": the ZIP archive appended to the model is corrupt: "
                    + e.getMessage(), e);
        }
        return files;
    }

    private static byte[] readBounded(InputStream in, String entry, String source, long[] budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            budget[0] -= n;
            if (total > MAX_ENTRY_BYTES || budget[0] < 0) {
                throw new ModelFormatException(source + ": associated file '" + entry + "' makes the appended archive "
                        + "inflate beyond " + (total > MAX_ENTRY_BYTES ? MAX_ENTRY_BYTES + " bytes per file" : MAX_TOTAL_BYTES + " bytes"));
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    public boolean isPresent() {
        return present;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String version() {
        return version;
    }

    public String author() {
        return author;
    }

    public String license() {
        return license;
    }

    /** Per-channel (or single) mean of input 0's normalisation, or null. real = (pixel - mean) / std. */
    public float[] mean() {
        return mean == null ? null : mean.clone();
    }

    /** Per-channel (or single) std of input 0's normalisation, or null. */
    public float[] std() {
        return std == null ? null : std.clone();
    }

    public boolean hasNormalization() {
        return mean != null;
    }

    /** Labels of output 0 (one per class, in order), empty when the metadata names none. */
    public List<String> labels() {
        return labels;
    }

    /** The associated file the labels came from, or null. */
    public String labelsFile() {
        return labelsFile;
    }

    /** Every file of the appended archive, by name. */
    public Map<String, byte[]> associatedFiles() {
        return associatedFiles;
    }
}
