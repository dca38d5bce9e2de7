package dev.edgetl.runtime.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.stream.SoftSensorCard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads soft-sensor model cards (the soft-sensor contract's {@code model.json}): from a file, or from the
 * {@code edgetl.softsensor} metadata entry the trainer embeds in the .tflite. Only the fields the runtime needs
 * are read (kind, task, model, inputs, targets, labels, window, inputScaling, targetScaling); the others
 * (metrics, data, seed, versions) are provenance and ignored.
 */
public final class SoftSensorCards {
    /** The metadata entry name of the soft-sensor contract. */
    public static final String METADATA_NAME = "edgetl.softsensor";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SoftSensorCards() {}

    public static SoftSensorCard read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandSupport.CommandException("card " + file + " does not exist");
        }
        return parse(Files.readAllBytes(file), "card " + file);
    }

    /**
     * The card of {@code model}: {@code cardFile} when given, else the embedded {@code edgetl.softsensor} entry,
     * else {@code model.json} beside {@code modelFile}; an error naming the model when there is none.
     */
    public static SoftSensorCard forModel(TfliteModel model, Path modelFile, Path cardFile) throws IOException {
        if (cardFile != null) {
            return read(cardFile);
        }
        ByteBuffer embedded = model.metadata().get(METADATA_NAME);
        if (embedded != null) {
            ByteBuffer b = embedded.duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return parse(bytes, "the " + METADATA_NAME + " metadata of " + model.source());
        }
        if (modelFile != null) {
            Path beside = modelFile.toAbsolutePath().resolveSibling("model.json");
            if (Files.isRegularFile(beside)) {
                return read(beside);
            }
        }
        throw new CommandSupport.CommandException(model.source() + " has no " + METADATA_NAME
                + " metadata and no model.json beside it: give the soft-sensor card with --card");
    }

    public static SoftSensorCard parse(byte[] json, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IOException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": expected a JSON object");
        }
        String kind = text(root, "kind", source, false);
        if (!"softsensor".equals(kind)) {
            throw new IOException(source + ": \"kind\" is " + (kind == null ? "missing" : "\"" + kind + "\"")
                    + "; a soft-sensor card has \"kind\": \"softsensor\"");
        }
        String taskName = text(root, "task", source, true);
        SoftSensorCard.Task task;
        switch (taskName) {
            case "regression" -> task = SoftSensorCard.Task.REGRESSION;
            case "classification" -> task = SoftSensorCard.Task.CLASSIFICATION;
            default -> throw new IOException(source + ": \"task\" is \"" + taskName
                    + "\"; expected \"regression\" or \"classification\"");
        }
        JsonNode window = root.get("window");
        if (window == null || !window.isObject()) {
            throw new IOException(source + ": \"window\" {\"length\": L, \"stride\": S} is missing");
        }
        int length = integer(window, "length", source + " window");
        // The contract always writes the stride; a card without one means consecutive windows.
        int stride = window.has("stride") ? integer(window, "stride", source + " window") : 1;
        JsonNode in = object(root, "inputScaling", source);
        checkStandard(in, "inputScaling", source);
        double[] tMean = null;
        double[] tStd = null;
        if (task == SoftSensorCard.Task.REGRESSION) {
            JsonNode t = object(root, "targetScaling", source);
            checkStandard(t, "targetScaling", source);
            tMean = numbers(t, "mean", source + " targetScaling");
            tStd = numbers(t, "std", source + " targetScaling");
        }
        double[] inMean = numbers(in, "mean", source + " inputScaling");
        double[] inStd = numbers(in, "std", source + " inputScaling");
        try {
            return new SoftSensorCard(task, text(root, "model", source, false), strings(root, "inputs", source, true),
                    strings(root, "targets", source, false), strings(root, "labels", source, false), length, stride,
                    inMean, inStd, tMean, tStd);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage().replaceFirst("^card: ", ""), e);
        }
    }

    private static void checkStandard(JsonNode scaling, String field, String source) throws IOException {
        String method = text(scaling, "method", source + " " + field, false);
        if (method != null && !method.toLowerCase(Locale.ROOT).equals("standard")) {
            throw new IOException(source + ": " + field + ".method is \"" + method + "\"; only \"standard\" "
                    + "((x - mean) / std) is supported");
        }
    }

    private static JsonNode object(JsonNode node, String field, String source) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isObject()) {
            throw new IOException(source + ": \"" + field + "\" is missing or not an object");
        }
        return v;
    }

    private static String text(JsonNode node, String field, String source, boolean required) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IOException(source + ": \"" + field + "\" is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IOException(source + ": \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field, String source) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IOException(source + ": \"" + field + "\" must be an integer");
        }
        return v.asInt();
    }

    private static List<String> strings(JsonNode node, String field, String source, boolean required)
            throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IOException(source + ": \"" + field + "\" is missing");
            }
            return null;
        }
        if (!v.isArray()) {
            throw new IOException(source + ": \"" + field + "\" must be an array of names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isValueNode() || e.isNull()) {
                throw new IOException(source + ": \"" + field + "\" must be an array of names");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static double[] numbers(JsonNode node, String field, String source) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new IOException(source + ": \"" + field + "\" must be an array of numbers");
        }
        double[] out = new double[v.size()];
        for (int k = 0; k < out.length; k++) {
            JsonNode e = v.get(k);
            if (!e.isNumber()) {
                throw new IOException(source + ": \"" + field + "\"[" + k + "] is " + e + ", not a number");
            }
            out[k] = e.asDouble();
        }
        return out;
    }
}
