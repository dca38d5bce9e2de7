package dev.edgetl.devices.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The parts of a model card ({@code model.json} beside the model) that deploy uses: the labels file and the golden
 * input/output pairs. A pair is {@code {"input": "file.bin", "output": "file.bin"}} (paths relative to the card) or
 * {@code {"inputBase64": ..., "outputBase64": ...}}: raw little-endian bytes of input tensor 0 and output tensor 0,
 * the contract of the runtime's {@code run --input-tensor/--output-tensor}. The list may be called {@code golden}
 * or {@code goldenPairs}.
 */
public record ModelCard(Path file, Path labels, List<GoldenPair> golden) {
    public record GoldenPair(String name, byte[] input, byte[] output) {}

    /** The card beside {@code model} ({@code model.json}, or {@code <model name>.json}), or null. */
    public static ModelCard besides(Path model) throws IOException {
        Path dir = model.toAbsolutePath().getParent();
        String base = model.getFileName().toString().replaceFirst("\\.tflite$", "");
        for (Path candidate : List.of(dir.resolve("model.json"), dir.resolve(base + ".json"))) {
            if (Files.isRegularFile(candidate)) {
                return read(candidate);
            }
        }
        return null;
    }

    public static ModelCard read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("model card " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Path labels = null;
        JsonNode l = root.get("labelsFile");
        if (l != null && l.isTextual()) {
            labels = dir.resolve(l.asText());
        }
        List<GoldenPair> pairs = new ArrayList<>();
        JsonNode g = root.has("golden") ? root.get("golden") : root.get("goldenPairs");
        if (g != null) {
            if (!g.isArray()) throw new IOException("model card " + file + ": golden: expected an array");
            for (int i = 0; i < g.size(); i++) {
                JsonNode p = g.get(i);
                pairs.add(new GoldenPair("golden[" + i + "]", bytes(file, dir, p, "input", i), bytes(file, dir, p, "output", i)));
            }
        }
        return new ModelCard(file, labels, pairs);
    }

    private static byte[] bytes(Path file, Path dir, JsonNode pair, String field, int i) throws IOException {
        if (pair.hasNonNull(field + "Base64")) {
            return Base64.getDecoder().decode(pair.get(field + "Base64").asText());
        }
        if (pair.hasNonNull(field)) {
            Path p = dir.resolve(pair.get(field).asText());
            if (!Files.isRegularFile(p)) throw new IOException("model card " + file + ": golden[" + i + "]." + field + ": " + p + " is missing");
            return Files.readAllBytes(p);
        }
        throw new IOException("model card " + file + ": golden[" + i + "] has no " + field + " (file) or " + field + "Base64");
    }
}
