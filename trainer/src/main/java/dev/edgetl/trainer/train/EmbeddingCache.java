package dev.edgetl.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.data.ImageFolder.Sample;
import dev.edgetl.trainer.data.Images;
import dev.edgetl.trainer.data.Normalization;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Fixed-feature-extractor embeddings: computed once per (dataset, base model, image size) and kept in
 * {@code <out>/cache/} so a second run, or a {@code --resume}, does not pay for the backbone again.
 */
final class EmbeddingCache {
    private static final int MAGIC = 0x45544c45; // "ETLE"
    /**
     * Images per backbone call. Measured with libtorch 2.7.1 on 2 cores: ~60 ms per image at batch 1, but
     * ~140 ms at batch 4 and ~400 ms at batch 16 (large activations are freshly mmap'ed and page-faulted on
     * every call), so the extractor goes one image (plus its mirror) at a time.
     */
    private static final int BATCH = 1;

    /** Embeddings of one split. With flip augmentation each image contributes two rows (as is, mirrored). */
    static final class Set {
        final int dim;
        final float[][] rows;
        final int[] labels;
        final List<Path> files;

        Set(int dim, float[][] rows, int[] labels, List<Path> files) {
            this.dim = dim;
            this.rows = rows;
            this.labels = labels;
            this.files = files;
        }

        float[] rows(int[] idx) {
            float[] out = new float[idx.length * dim];
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(rows[idx[k]], 0, out, k * dim, dim);
            }
            return out;
        }
    }

    private final Path dir;
    private final NDManager manager;
    private final boolean progress;

    EmbeddingCache(Path dir, NDManager manager, boolean progress) {
        this.dir = dir;
        this.manager = manager;
        this.progress = progress;
    }

    Set embed(String split, String key, Block backbone, List<Sample> samples, int size, Normalization norm,
            boolean flips, boolean centerCrop, List<ImageFolder.Skipped> skipped) throws IOException {
        Path file = dir.resolve(split + "-" + hash(key + "|" + split + "|" + flips).substring(0, 16) + ".emb");
        if (Files.isRegularFile(file)) {
            Set cached = read(file, skipped);
            if (cached != null) {
                return cached;
            }
        }
        ParameterStore ps = new ParameterStore(manager, false);
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<ImageFolder.Skipped> newlySkipped = new ArrayList<>();
        int dim = -1;
        try (Progress bar = Progress.start(progress, "embed " + split, samples.size())) {
            for (int from = 0; from < samples.size(); from += BATCH) {
                List<float[]> chw = new ArrayList<>();
                List<Sample> used = new ArrayList<>();
                for (Sample s : samples.subList(from, Math.min(samples.size(), from + BATCH))) {
                    try {
                        BufferedImage img = Images.read(s.path);
                        byte[] hwc = Images.viewRgb(img, size, centerCrop);
                        chw.add(Images.toChw(hwc, size, size, norm));
                        if (flips) {
                            chw.add(Images.toChw(mirror(hwc, size), size, size, norm));
                        }
                        used.add(s);
                    } catch (IOException | RuntimeException e) {
                        newlySkipped.add(new ImageFolder.Skipped(s.path, "unreadable: " + e.getMessage()));
                    }
                    bar.step(split);
                }
                if (used.isEmpty()) {
                    continue;
                }
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = Images.batch(sub, chw.toArray(new float[0][]), size, size);
                    NDArray e = backbone.forward(ps, new NDList(x), false).singletonOrThrow();
                    dim = (int) e.getShape().get(1);
                    float[] all = e.toFloatArray();
                    for (int k = 0; k < chw.size(); k++) {
                        float[] row = new float[dim];
                        System.arraycopy(all, k * dim, row, 0, dim);
                        rows.add(row);
                        Sample s = used.get(flips ? k / 2 : k);
                        labels.add(s.label);
                        files.add(s.path);
                    }
                }
            }
        }
        skipped.addAll(newlySkipped);
        Set set = new Set(dim, rows.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray(), files);
        write(file, set, newlySkipped);
        return set;
    }

    private static byte[] mirror(byte[] hwc, int size) {
        byte[] out = new byte[hwc.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                System.arraycopy(hwc, (y * size + x) * 3, out, (y * size + size - 1 - x) * 3, 3);
            }
        }
        return out;
    }

    private static void write(Path file, Set set, List<ImageFolder.Skipped> skipped) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(set.rows.length);
            out.writeInt(set.dim);
            for (int i = 0; i < set.rows.length; i++) {
                out.writeInt(set.labels[i]);
                out.writeUTF(set.files.get(i).toString());
                for (float f : set.rows[i]) {
                    out.writeFloat(f);
                }
            }
            out.writeInt(skipped.size());
            for (ImageFolder.Skipped s : skipped) {
                out.writeUTF(s.path.toString());
                out.writeUTF(s.reason);
            }
        }
        Files.createDirectories(file.getParent());
        ModelWriter.writeAtomically(file, bytes.toByteArray());
    }

    private static Set read(Path file, List<ImageFolder.Skipped> skipped) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int n = in.readInt();
            int dim = in.readInt();
            float[][] rows = new float[n][dim];
            int[] labels = new int[n];
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                labels[i] = in.readInt();
                files.add(Paths.get(in.readUTF()));
                for (int d = 0; d < dim; d++) {
                    rows[i][d] = in.readFloat();
                }
            }
            int ns = in.readInt();
            for (int i = 0; i < ns; i++) {
                skipped.add(new ImageFolder.Skipped(Paths.get(in.readUTF()), in.readUTF()));
            }
            return new Set(dim, rows, labels, files);
        }
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
