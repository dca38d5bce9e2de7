package dev.edgetl.cli.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * The demo's two ImageFolder datasets: "pretrain" (classes 0-4, many images) and "transfer" (classes 5-9, few
 * training images), as 32x32 PNGs (28x28 grayscale content). From Fashion-MNIST when Debian's {@code dataset-fashion-mnist} is
 * installed, else generated (ten kinds of drawn shapes), and the caller says which.
 */
public final class DemoData {
    /** Where Debian's dataset-fashion-mnist package puts the IDX files (checked with dpkg -c). */
    public static final Path DEBIAN_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");
    static final String[] FASHION = {"t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker",
        "bag", "ankle-boot"};
    static final String[] SHAPES = {"disc", "square", "triangle", "cross", "h-stripes", "v-stripes", "ring", "x",
        "dots", "diagonal"};
    static final int SIZE = 28;
    /** The written image size = the demo model's input size. */
    public static final int OUT = 32;

    /** Images per class in each split. */
    public record Sizes(int pretrainTrain, int pretrainVal, int transferTrain, int transferVal) {}

    /** What was written and from where. */
    public record Prepared(Path pretrain, Path transfer, String source, boolean real) {}

    private DemoData() {}

    public static boolean fashionMnistInstalled(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                && Files.isRegularFile(dir.resolve("train-labels-idx1-ubyte.gz"));
    }

    /**
     * Writes {@code <root>/pretrain/{train,val}/<class>/*.png} and {@code <root>/transfer/...}; a folder already
     * written with the same source and sizes (marker file) is kept, so a rerun hashes equal and skips stages.
     */
    public static Prepared prepare(Path root, Path fashionDir, boolean useFashion, Sizes sizes, long seed) throws IOException {
        boolean real = useFashion && fashionMnistInstalled(fashionDir);
        String source = real ? "Fashion-MNIST from Debian's dataset-fashion-mnist (" + fashionDir + ")"
                : "generated: 10 kinds of drawn shapes with noise (install Debian's dataset-fashion-mnist for real data)";
        Path pre = root.resolve("pretrain");
        Path tra = root.resolve("transfer");
        String marker = source + "\n" + sizes + "\nseed " + seed + "\n";
        Path markerFile = root.resolve("SOURCE.txt");
        if (Files.isRegularFile(markerFile) && Files.readString(markerFile).equals(marker)
                && Files.isDirectory(pre) && Files.isDirectory(tra)) {
            return new Prepared(pre, tra, source, real);
        }
        dev.edgetl.cli.pipeline.Pipeline.deleteTree(root);
        Files.createDirectories(root);
        if (real) {
            byte[][] images = readImages(fashionDir.resolve("train-images-idx3-ubyte.gz"));
            byte[] labels = readLabels(fashionDir.resolve("train-labels-idx1-ubyte.gz"));
            List<List<Integer>> byClass = new ArrayList<>();
            for (int k = 0; k < 10; k++) byClass.add(new ArrayList<>());
            for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
            // The IDX order is already shuffled; take the first images of each class: deterministic.
            for (int k = 0; k < 10; k++) {
                boolean p = k < 5;
                int nTrain = p ? sizes.pretrainTrain() : sizes.transferTrain();
                int nVal = p ? sizes.pretrainVal() : sizes.transferVal();
                Path base = p ? pre : tra;
                String name = k + "-" + FASHION[k];
                List<Integer> idx = byClass.get(k);
                if (idx.size() < nTrain + nVal) {
                    throw new IOException(fashionDir + ": " + idx.size() + " images of class " + k + ", the demo needs "
                            + (nTrain + nVal));
                }
                for (int j = 0; j < nTrain + nVal; j++) {
                    Path dir = base.resolve(j < nTrain ? "train" : "val").resolve(name);
                    write(dir.resolve(String.format("%05d.png", idx.get(j))), images[idx.get(j)]);
                }
            }
        } else {
            Random rnd = new Random(seed);
            for (int k = 0; k < 10; k++) {
                boolean p = k < 5;
                int nTrain = p ? sizes.pretrainTrain() : sizes.transferTrain();
                int nVal = p ? sizes.pretrainVal() : sizes.transferVal();
                Path base = p ? pre : tra;
                String name = k + "-" + SHAPES[k];
                for (int j = 0; j < nTrain + nVal; j++) {
                    Path dir = base.resolve(j < nTrain ? "train" : "val").resolve(name);
                    write(dir.resolve(String.format("%05d.png", j)), shape(k, rnd));
                }
            }
        }
        Files.writeString(markerFile, marker);
        return new Prepared(pre, tra, source, real);
    }

    /**
     * A 28x28 grayscale image as a 32x32 RGB PNG (2-pixel black border: Fashion-MNIST's background). At the model's
     * input size no resize happens in the compressor or the edge runtime, so both see the same pixels; RGB because
     * Java's gray PNGs go through a linear-gray colour space on some decoding paths and not on others.
     */
    private static void write(Path file, byte[] gray) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(OUT, OUT, BufferedImage.TYPE_INT_RGB);
        int pad = (OUT - SIZE) / 2;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int v = gray[y * SIZE + x] & 0xFF;
                img.setRGB(x + pad, y + pad, v << 16 | v << 8 | v);
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bos);
        Files.write(file, bos.toByteArray());
    }

    static byte[][] readImages(Path gz) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz), 1 << 16))) {
            int magic = in.readInt();
            if (magic != 0x803) {
                throw new IOException(gz + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows != SIZE || cols != SIZE) {
                throw new IOException(gz + ": images are " + rows + "x" + cols + ", expected 28x28");
            }
            byte[][] out = new byte[n][SIZE * SIZE];
            for (int i = 0; i < n; i++) in.readFully(out[i]);
            return out;
        }
    }

    static byte[] readLabels(Path gz) throws IOException {
        try (InputStream raw = new GZIPInputStream(Files.newInputStream(gz)); DataInputStream in = new DataInputStream(raw)) {
            int magic = in.readInt();
            if (magic != 0x801) {
                throw new IOException(gz + ": not an IDX label file (magic " + Integer.toHexString(magic) + ")");
            }
            byte[] l = new byte[in.readInt()];
            in.readFully(l);
            for (byte b : l) {
                if (b < 0 || b > 9) throw new IOException(gz + ": label " + b + " out of 0..9");
            }
            return l;
        }
    }

    /** One generated 28x28 image of class {@code k}: a shape at a random place and size, random contrast, noise. */
    static byte[] shape(int k, Random rnd) {
        float[] px = new float[SIZE * SIZE];
        double cx = 14 + rnd.nextGaussian() * 2;
        double cy = 14 + rnd.nextGaussian() * 2;
        double r = 6 + rnd.nextDouble() * 5;
        double phase = rnd.nextDouble() * 4;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double d = Math.sqrt(dx * dx + dy * dy);
                boolean on = switch (k) {
                    case 0 -> d < r;
                    case 1 -> Math.abs(dx) < r * 0.8 && Math.abs(dy) < r * 0.8;
                    case 2 -> dy < r * 0.7 && dy > -r && Math.abs(dx) < (dy + r) * 0.6;
                    case 3 -> (Math.abs(dx) < 2 && Math.abs(dy) < r) || (Math.abs(dy) < 2 && Math.abs(dx) < r);
                    case 4 -> Math.abs(dx) < r && Math.abs(dy) < r && ((int) Math.floor((y + phase) / 3)) % 2 == 0;
                    case 5 -> Math.abs(dx) < r && Math.abs(dy) < r && ((int) Math.floor((x + phase) / 3)) % 2 == 0;
                    case 6 -> d < r && d > r - 2.5;
                    case 7 -> (Math.abs(dx - dy) < 2 || Math.abs(dx + dy) < 2) && Math.abs(dx) < r && Math.abs(dy) < r;
                    case 8 -> Math.abs(dx) < r && Math.abs(dy) < r && ((x + (int) phase) % 5 < 2) && ((y + (int) phase) % 5 < 2);
                    default -> Math.abs(dx - dy) < 2.5 && Math.abs(dx) < r;
                };
                px[y * SIZE + x] = on ? 1f : 0f;
            }
        }
        double bright = 0.5 + rnd.nextDouble() * 0.5;
        byte[] out = new byte[SIZE * SIZE];
        for (int i = 0; i < out.length; i++) {
            double v = px[i] * bright * 255 + rnd.nextGaussian() * 20;
            out[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        }
        return out;
    }
}
