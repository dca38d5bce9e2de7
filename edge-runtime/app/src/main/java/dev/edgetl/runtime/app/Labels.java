package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.ModelMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Class labels for output 0 and where they came from: --labels, the model card, the model's metadata, or none. */
public final class Labels {
    private final List<String> names;
    private final String source;

    private Labels(List<String> names, String source) {
        this.names = names;
        this.source = source;
    }

    public static Labels resolve(Path flag, ModelCardHints card, ModelMetadata metadata) throws IOException {
        if (flag != null) {
            return new Labels(readFile(flag), flag.toString());
        }
        if (card != null && card.labelsFile() != null) {
            return new Labels(readFile(card.labelsFile()), card.labelsFile() + " (model card)");
        }
        if (card != null && card.labels() != null) {
            return new Labels(card.labels(), card.file() + " (model card)");
        }
        if (!metadata.labels().isEmpty()) {
            return new Labels(metadata.labels(), metadata.labelsFile() + " (model metadata)");
        }
        return new Labels(Collections.emptyList(), "none");
    }

    /** One label per line; blank trailing lines dropped. */
    public static List<String> readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("labels file " + file + " does not exist");
        }
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(l.strip());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return Collections.unmodifiableList(lines);
    }

    public List<String> names() {
        return names;
    }

    public String source() {
        return source;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The label of class {@code k}, or null when there is none. */
    public String name(int k) {
        return k >= 0 && k < names.size() ? names.get(k) : null;
    }
}
