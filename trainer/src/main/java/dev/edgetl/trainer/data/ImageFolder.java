package dev.edgetl.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An ImageFolder tree ({@code root/<class>/<image>}, classes sorted by name), either with {@code train/} and
 * {@code val/} sub-trees or one tree split with a seed. Files whose content is not JPEG, PNG or BMP are skipped
 * here (counted and listed); files that fail to decode are skipped later by the loader and added to the same list.
 */
public final class ImageFolder {
    /** One labelled image. */
    public static final class Sample {
        public final Path path;
        public final int label;

        public Sample(Path path, int label) {
            this.path = path;
            this.label = label;
        }

        @Override
        public String toString() {
            return path + " (" + label + ")";
        }
    }

    /** A file that was not used, and why. */
    public static final class Skipped {
        public final Path path;
        public final String reason;

        public Skipped(Path path, String reason) {
            this.path = path;
            this.reason = reason;
        }
    }

    private final Path root;
    private final List<String> classes;
    private final List<Sample> train;
    private final List<Sample> val;
    private final List<Skipped> skipped;

    private ImageFolder(Path root, List<String> classes, List<Sample> train, List<Sample> val, List<Skipped> skipped) {
        this.root = root;
        this.classes = classes;
        this.train = train;
        this.val = val;
        this.skipped = skipped;
    }

    /**
     * Opens {@code root}: with {@code train/} and {@code val/} sub-folders they are used as given; otherwise the
     * single tree is split per class, {@code valFraction} of each class (seeded) going to validation.
     */
    public static ImageFolder open(Path root, double valFraction, long seed) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("dataset folder " + root + " does not exist");
        }
        List<Skipped> skipped = new ArrayList<>();
        Path trainDir = root.resolve("train");
        Path valDir = root.resolve("val");
        if (Files.isDirectory(trainDir) && Files.isDirectory(valDir)) {
            List<String> classes = classNames(trainDir);
            List<String> valClasses = classNames(valDir);
            if (!classes.equals(valClasses)) {
                List<String> onlyTrain = new ArrayList<>(classes);
                onlyTrain.removeAll(valClasses);
                List<String> onlyVal = new ArrayList<>(valClasses);
                onlyVal.removeAll(classes);
                throw new DatasetException("train and val classes differ in " + root + ": only in train " + onlyTrain
                        + ", only in val " + onlyVal);
            }
            checkClasses(trainDir, classes);
            List<Sample> train = scan(trainDir, classes, skipped);
            List<Sample> val = scan(valDir, classes, skipped);
            return new ImageFolder(root, classes, train, val, skipped);
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new DatasetException(root + " has no train/ and val/ folders and the validation fraction "
                    + valFraction + " is not in (0, 1)");
        }
        List<String> classes = classNames(root);
        checkClasses(root, classes);
        List<Sample> all = scan(root, classes, skipped);
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        Random rnd = new Random(seed);
        for (int c = 0; c < classes.size(); c++) {
            final int label = c;
            List<Sample> cls = all.stream().filter(s -> s.label == label).collect(Collectors.toList());
            Collections.shuffle(cls, rnd);
            int nVal = Math.max(1, (int) Math.round(cls.size() * valFraction));
            if (nVal >= cls.size()) {
                throw new DatasetException("class '" + classes.get(c) + "' in " + root + " has only " + cls.size()
                        + " usable images: too few to split into train and val");
            }
            val.addAll(cls.subList(0, nVal));
            train.addAll(cls.subList(nVal, cls.size()));
        }
        return new ImageFolder(root, classes, train, val, skipped);
    }

    private static List<String> classNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().collect(Collectors.toList());
        }
    }

    private static void checkClasses(Path dir, List<String> classes) {
        if (classes.isEmpty()) {
            throw new DatasetException(dir + " has no class folders (expected " + dir + "/<class>/<image>)");
        }
        if (classes.size() == 1) {
            throw new DatasetException(dir + " has a single class '" + classes.get(0)
                    + "': a classifier needs at least two class folders");
        }
    }

    private static List<Sample> scan(Path dir, List<String> classes, List<Skipped> skipped) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path cdir = dir.resolve(classes.get(c));
            List<Path> files;
            try (Stream<Path> s = Files.list(cdir)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().collect(Collectors.toList());
            }
            int usable = 0;
            for (Path f : files) {
                String fmt = Images.sniffFormat(f);
                if (fmt == null || fmt.equals("gif")) {
                    skipped.add(new Skipped(f, fmt == null ? "not an image (unknown content)"
                            : "unsupported format " + fmt + " (JPEG, PNG, BMP are used)"));
                    continue;
                }
                out.add(new Sample(f, c));
                usable++;
            }
            if (usable == 0) {
                throw new DatasetException("class folder " + cdir + " has no usable images ("
                        + files.size() + " files)");
            }
        }
        return out;
    }

    /** sha256 over the relative paths, labels and contents of every used file (train then val). */
    public String fingerprint() throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (List<Sample> part : List.of(train, val)) {
                for (Sample s : part) {
                    md.update((root.relativize(s.path).toString().replace('\\', '/') + "\t" + s.label + "\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    try (InputStream in = new DigestInputStream(Files.newInputStream(s.path), md)) {
                        while (in.read(buf) >= 0) {
                            // digesting
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() { return root; }
    public List<String> classes() { return Collections.unmodifiableList(classes); }
    public List<Sample> train() { return Collections.unmodifiableList(train); }
    public List<Sample> val() { return Collections.unmodifiableList(val); }
    /** Skipped so far (format check at scan; the loader adds files that fail to decode). */
    public List<Skipped> skipped() { return skipped; }
}
