package dev.edgetl.compressor.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the compressor needs from a model card ({@code model.json} beside the model): labels and input
 * normalisation. Accepted shapes: {@code labels} (array) or {@code labelsFile} (one label per line, relative
 * to the card); {@code mean}/{@code std} (number or 3 numbers) at the top level or under {@code input} or
 * {@code normalization}; optional {@code input.width/height} or {@code inputSize: [h, w]} checked against the model.
 */
public record ModelCardInputs(Path file, List<String> labels, float[] mean, float[] std, int[] inputHw) {

    /** The card beside {@code model}: {@code model.json} or {@code <name>.json}; null when there is none. */
    public static ModelCardInputs besides(Path model) throws IOException {
        Path dir = model.toAbsolutePath().getParent();
        String base = model.getFileName().toString().replaceFirst("\\.tflite$", "");
        for (Path c : new Path[] {dir.resolve(base + ".json"), dir.resolve("model.json")}) {
            if (Files.isRegularFile(c)) {
                return read(c);
            }
        }
        return null;
    }

    public static ModelCardInputs read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("model card " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        List<String> labels = null;
        if (root.has("labels") && root.get("labels").isArray()) {
            labels = new ArrayList<>();
            for (JsonNode l : root.get("labels")) {
                labels.add(l.asText());
            }
        } else if (root.has("labelsFile")) {
            labels = readLabels(file.toAbsolutePath().getParent().resolve(root.get("labelsFile").asText()));
        }
        float[] mean = null;
        float[] std = null;
        int[] hw = null;
        for (JsonNode n : new JsonNode[] {root, root.get("input"), root.get("normalization")}) {
            if (n == null || !n.isObject()) {
                continue;
            }
            if (n.has("mean")) {
                mean = floats(file, n.get("mean"));
            }
            if (n.has("std")) {
                std = floats(file, n.get("std"));
            }
            if (n.has("width") && n.has("height")) {
                hw = new int[] {n.get("height").asInt(), n.get("width").asInt()};
            }
            if (n.has("inputSize") && n.get("inputSize").isArray() && n.get("inputSize").size() == 2) {
                hw = new int[] {n.get("inputSize").get(0).asInt(), n.get("inputSize").get(1).asInt()};
            }
        }
        return new ModelCardInputs(file, labels, mean, std, hw);
    }

    public static List<String> readLabels(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("labels file " + file + " does not exist");
        }
        List<String> labels = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank()) {
                labels.add(l.strip());
            }
        }
        return labels;
    }

    private static float[] floats(Path file, JsonNode n) throws IOException {
        if (n.isNumber()) {
            return new float[] {(float) n.asDouble()};
        }
        if (n.isArray() && (n.size() == 1 || n.size() == 3)) {
            float[] f = new float[n.size()];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) n.get(k).asDouble();
            }
            return f;
        }
        throw new IOException("model card " + file + ": mean/std must be a number or 1 or 3 numbers, got " + n);
    }
}
