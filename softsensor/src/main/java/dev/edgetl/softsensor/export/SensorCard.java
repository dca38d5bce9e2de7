package dev.edgetl.softsensor.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgetl.softsensor.data.Scaling;
import dev.edgetl.softsensor.data.SensorDataset;
import dev.edgetl.softsensor.models.SensorNet;
import java.util.List;
import java.util.Map;

/** The soft-sensor model card ({@code model.json}, also embedded in the .tflite) as the contract defines it. */
public final class SensorCard {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SensorCard() {}

    public static ObjectNode build(SensorNet net, SensorDataset d, Scaling inputScaling, Scaling targetScaling,
            Map<String, Object> metrics, String split, long seed) {
        ObjectNode c = JSON.createObjectNode();
        c.put("kind", "softsensor");
        boolean cls = d.labels != null;
        c.put("task", cls ? "classification" : "regression");
        c.put("model", net.arch.id());
        strings(c.putArray("inputs"), d.inputNames);
        strings(c.putArray("targets"), d.targetNames);
        if (cls) {
            strings(c.putArray("labels"), d.labels);
        }
        c.putObject("window").put("length", net.length).put("stride", d.spec.stride);
        scaling(c.putObject("inputScaling"), inputScaling);
        if (!cls) {
            scaling(c.putObject("targetScaling"), targetScaling);
        }
        c.set("metrics", JSON.valueToTree(metrics));
        ObjectNode data = c.putObject("data");
        data.put("file", d.spec.data.toString());
        data.put("sha256", d.files.get(d.spec.data.toString()));
        if (d.files.size() > 1) {
            data.set("files", JSON.valueToTree(d.files));
        }
        data.put("split", split);
        if (d.spec.where != null) {
            data.put("where", d.spec.where);
        }
        c.put("seed", seed);
        ObjectNode v = c.putObject("versions");
        v.put("edgetl", "0.1.0-SNAPSHOT");
        v.put("djl", ai.djl.engine.Engine.getDjlVersion());
        v.put("java", System.getProperty("java.version"));
        return c;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void scaling(ObjectNode o, Scaling s) {
        o.put("method", "standard");
        ArrayNode m = o.putArray("mean");
        ArrayNode sd = o.putArray("std");
        for (int i = 0; i < s.size(); i++) {
            m.add(s.mean[i]);
            sd.add(s.std[i]);
        }
    }
}
