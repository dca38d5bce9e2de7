package dev.edgetl.compressor.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An image folder: either class subfolders ({@code DIR/<class>/*.jpg}, torchvision's ImageFolder) or images
 * directly in DIR (unlabelled, enough for calibration). Files are sorted so runs are reproducible.
 */
public record ImageFolder(Path root, List<String> classes, List<Item> items) {
    public record Item(Path file, int classIndex) {}

    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": not a directory");
        }
        List<String> classes = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        List<Path> subdirs;
        try (Stream<Path> s = Files.list(root)) {
            subdirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path d : subdirs) {
            int cls = classes.size();
            classes.add(d.getFileName().toString());
            for (Path f : files(d)) {
                items.add(new Item(f, cls));
            }
        }
        for (Path f : files(root)) {
            items.add(new Item(f, -1));
        }
        return new ImageFolder(root, List.copyOf(classes), List.copyOf(items));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    public boolean isLabelled() {
        return !classes.isEmpty();
    }

    static boolean looksLikeImage(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp")
                || n.endsWith(".gif");
    }
}
