package dev.edgetl.runtime.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.image.PixelNormalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the runtime reads from a model card beside the model: {@code model.json} in the model's folder, or
 * {@code <model name>.json} (e.g. {@code net.json} for {@code net.tflite}). Two optional fields:
 * <pre>
 * { "input": { "mean": [127.5], "std": [127.5] },    // 1 or 3 values each: real = (pixel - mean) / std
 *   "labelsFile": "labels.txt" }                       // relative to the card
 * </pre>
 * or the labels inline, {@code "labels": ["ants", "bees"]} (what {@code edgetl train} writes).
 * Other fields (provenance, metrics, golden pairs) belong to the other tools and are ignored here.
 */
public final class ModelCardHints {
    private final Path file;
    private final PixelNormalization normalization;
    private final Path labelsFile;
    private final List<String> labels;

    private ModelCardHints(Path file, PixelNormalization normalization, Path labelsFile, List<String> labels) {
        this.file = file;
        this.normalization = normalization;
        this.labelsFile = labelsFile;
        this.labels = labels;
    }

    /** The card beside {@code model}, or null when there is none. */
    public static ModelCardHints besides(Path model) throws IOException {
        Path dir = model.toAbsolutePath().getParent();
        String base = model.getFileName().toString().replaceFirst("\\.tflite$", "");
        for (Path candidate : List.of(dir.resolve("model.json"), dir.resolve(base + ".json"))) {
            if (Files.isRegularFile(candidate)) {
                return read(candidate);
            }
        }
        return null;
    }

    public static ModelCardHints read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("model card " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("model card " + file + ": expected a JSON object");
        }
        PixelNormalization norm = null;
        JsonNode input = root.get("input");
        if (input != null && input.isObject() && (input.has("mean") || input.has("std"))) {
            float[] mean = floats(file, input.get("mean"), "input.mean");
            float[] std = floats(file, input.get("std"), "input.std");
            try {
                norm = new PixelNormalization(mean, std, "model card " + file.getFileName());
            } catch (IllegalArgumentException e) {
                throw new IOException("model card " + file + ": " + e.getMessage(), e);
            }
        }
        Path labels = null;
        JsonNode l = root.get("labelsFile");
        if (l != null && l.isTextual()) {
            labels = file.toAbsolutePath().getParent().resolve(l.asText());
        }
        List<String> inline = null;
        JsonNode li = root.get("labels");
        if (labels == null && li != null && li.isArray()) {
            inline = new java.util.ArrayList<>();
            for (JsonNode n : li) {
                if (!n.isTextual()) {
                    throw new IOException("model card " + file + ": labels must be an array of strings");
                }
                inline.add(n.asText());
            }
        }
        return new ModelCardHints(file, norm, labels, inline);
    }

    private static float[] floats(Path file, JsonNode node, String field) throws IOException {
        if (node == null) {
            throw new IOException("model card " + file + ": " + field + " is missing (input needs both mean and std)");
        }
        if (node.isNumber()) {
            return new float[] {(float) node.asDouble()};
        }
        if (!node.isArray()) {
            throw new IOException("model card " + file + ": " + field + " must be a number or an array of numbers");
        }
        float[] r = new float[node.size()];
        for (int i = 0; i < r.length; i++) {
            if (!node.get(i).isNumber()) {
                throw new IOException("model card " + file + ": " + field + "[" + i + "] is not a number");
            }
            r[i] = (float) node.get(i).asDouble();
        }
        return r;
    }

    public Path file() {
        return file;
    }

    /** The card's input normalisation, or null. */
    public PixelNormalization normalization() {
        return normalization;
    }

    /** The card's inline labels, or null. */
    public List<String> labels() {
        return labels;
    }

    /** The card's labels file, or null. */
    public Path labelsFile() {
        return labelsFile;
    }
}
