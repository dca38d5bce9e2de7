package dev.edgetl.trainer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgetl.runtime.format.ModelWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code model.json} beside the exported {@code .tflite}: what a deployer needs to feed the model and trust it
 * (labels, input size and normalisation, provenance, metrics, seed, versions, golden input/output pairs).
 */
public final class ModelCard {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JSON.createObjectNode();

    public ModelCard() {
        root.put("format", "edgetl-model-card/1");
    }

    public ObjectNode root() {
        return root;
    }

    public void write(Path file) throws IOException {
        ModelWriter.writeAtomically(file, JSON.writeValueAsBytes(root));
    }
}
