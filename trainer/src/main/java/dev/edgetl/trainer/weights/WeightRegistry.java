package dev.edgetl.trainer.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Named published weights (URL + sha256), from the {@code registry.json} resource beside this class. */
public final class WeightRegistry {
    private final Map<String, WeightSpec> entries;

    private WeightRegistry(Map<String, WeightSpec> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static WeightRegistry builtin() {
        try (InputStream in = WeightRegistry.class.getResourceAsStream("registry.json")) {
            if (in == null) {
                throw new IllegalStateException("registry.json missing from the trainer jar");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("registry.json: " + e.getMessage(), e);
        }
    }

    static WeightRegistry parse(JsonNode root) {
        Map<String, WeightSpec> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("_")) {
                continue;
            }
            URI url = URI.create(e.getValue().path("url").asText());
            String path = url.getPath();
            m.put(e.getKey(), new WeightSpec(e.getKey(), url, e.getValue().path("sha256").asText(),
                    path.substring(path.lastIndexOf('/') + 1)));
        }
        return new WeightRegistry(m);
    }

    /** The entry, or null. */
    public WeightSpec get(String name) {
        return entries.get(name);
    }

    public Map<String, WeightSpec> entries() {
        return entries;
    }
}
