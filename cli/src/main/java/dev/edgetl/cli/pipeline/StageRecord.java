package dev.edgetl.cli.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.runtime.format.ModelWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <out>/stages/<stage>.json}: the inputs hash a stage finished with, when, how long it took, and its key
 * numbers (so a skipped stage still feeds the top-level report). Written last, after the stage's outputs.
 */
public final class StageRecord {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String stage;
    public String inputsHash;
    public String finishedUtc;
    public double seconds;
    /** Key numbers and output paths (relative to the output folder). */
    public Map<String, Object> summary = new LinkedHashMap<>();

    static Path file(Path out, String stage) {
        return out.resolve("stages").resolve(stage + ".json");
    }

    /** The record of a finished stage, or null when there is none (or it is unreadable: then the stage reruns). */
    static StageRecord read(Path out, String stage) {
        Path f = file(out, stage);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), StageRecord.class);
        } catch (IOException e) {
            return null;
        }
    }

    void write(Path out) throws IOException {
        Path f = file(out, stage);
        Files.createDirectories(f.getParent());
        ModelWriter.writeAtomically(f, JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8));
    }

    static void delete(Path out, String stage) throws IOException {
        Files.deleteIfExists(file(out, stage));
    }
}
