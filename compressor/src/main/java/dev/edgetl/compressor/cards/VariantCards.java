package dev.edgetl.compressor.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A model card for each compressed variant ({@code model.int8.json} beside {@code model.int8.tflite}), so that
 * {@code run} finds labels and normalisation and {@code deploy} can self-check a variant on the device: the
 * float model's card with the golden outputs recomputed for the variant by edge-runtime (the float card's
 * outputs would not match a quantised model). Golden inputs the variant cannot take (int8/uint8 model I/O)
 * are dropped, and the card says so.
 */
public final class VariantCards {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VariantCards() {}

    /** The card beside {@code model} ({@code model.json} or {@code <name>.json}), or null. */
    public static Path cardOf(Path model) {
        Path dir = model.toAbsolutePath().getParent();
        String base = model.getFileName().toString().replaceFirst("\\.tflite$", "");
        for (Path p : List.of(dir.resolve("model.json"), dir.resolve(base + ".json"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The card JSON for {@code variant} (bytes of the .tflite), derived from the float model's card file. */
    public static byte[] forVariant(Path floatCard, String variantName, byte[] variant) throws IOException {
        JsonNode parsed = JSON.readTree(floatCard.toFile());
        if (parsed == null || !parsed.isObject()) {
            throw new IOException("model card " + floatCard + ": expected a JSON object");
        }
        ObjectNode card = (ObjectNode) parsed;
        card.put("variant", variantName);
        card.put("derivedFrom", floatCard.getFileName().toString());
        JsonNode labelsFile = card.get("labelsFile");
        if (labelsFile != null && labelsFile.isTextual()) {
            card.put("labelsFile", floatCard.toAbsolutePath().getParent().resolve(labelsFile.asText()).toString());
        }
        JsonNode golden = card.has("golden") ? card.get("golden") : card.get("goldenPairs");
        card.remove("goldenPairs");
        card.remove("golden");
        if (golden == null || !golden.isArray() || golden.isEmpty()) {
            return JSON.writeValueAsBytes(card);
        }
        ArrayNode out = card.putArray("golden");
        try (Interpreter it = Interpreter.create(ModelReader.read(variant, variantName), InterpreterOptions.defaults())) {
            if (it.input(0).dtype != DType.FLOAT32) {
                card.remove("golden");
                card.put("goldenNote", "golden pairs dropped: this variant's input is " + it.input(0).dtype
                        + ", the float card's golden inputs are float32");
                return JSON.writeValueAsBytes(card);
            }
            for (int i = 0; i < golden.size(); i++) {
                byte[] in = inputBytes(floatCard, golden.get(i), i);
                it.setInputBytes(0, in);
                it.run();
                ObjectNode g = out.addObject();
                g.put("inputBase64", Base64.getEncoder().encodeToString(in));
                g.put("outputBase64", Base64.getEncoder().encodeToString(it.outputBytes(0)));
                g.put("source", "edge-runtime run of " + variantName);
            }
        }
        return JSON.writeValueAsBytes(card);
    }

    private static byte[] inputBytes(Path card, JsonNode pair, int i) throws IOException {
        if (pair.hasNonNull("inputBase64")) {
            return Base64.getDecoder().decode(pair.get("inputBase64").asText());
        }
        if (pair.hasNonNull("input")) {
            Path p = card.toAbsolutePath().getParent().resolve(pair.get("input").asText());
            if (!Files.isRegularFile(p)) {
                throw new IOException("model card " + card + ": golden[" + i + "].input: " + p + " is missing");
            }
            return Files.readAllBytes(p);
        }
        throw new IOException("model card " + card + ": golden[" + i + "] has no input (file) or inputBase64");
    }
}
