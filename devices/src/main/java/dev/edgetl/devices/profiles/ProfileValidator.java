package dev.edgetl.devices.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a profile's JSON tree before it is bound, so that every problem is reported at once as
 * "file: field: what is wrong" instead of one Jackson exception at a time.
 */
final class ProfileValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final List<String> KINDS = List.of("board", "phone", "host", "emulator");

    private final String file;
    private final List<String> errors = new ArrayList<>();

    private ProfileValidator(String file) {
        this.file = file;
    }

    static void validate(String file, JsonNode root) {
        ProfileValidator v = new ProfileValidator(file);
        v.check(root);
        if (!v.errors.isEmpty()) {
            throw new ProfileException("invalid device profile " + file + ":\n  " + String.join("\n  ", v.errors));
        }
    }

    private void check(JsonNode root) {
        if (root == null || !root.isObject()) {
            errors.add("(root): expected a JSON object");
            return;
        }
        String id = text(root, "id", "id");
        if (id != null && !ID.matcher(id).matches()) {
            errors.add("id: '" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        text(root, "name", "name");
        String kind = text(root, "kind", "kind");
        if (kind != null && !KINDS.contains(kind)) {
            errors.add("kind: '" + kind + "' is not one of " + KINDS);
        }
        String arch = text(root, "architecture", "architecture");
        if (arch != null && !Architectures.KNOWN.contains(arch)) {
            errors.add("architecture: '" + arch + "' is not one of " + Architectures.KNOWN);
        }
        text(root, "abi", "abi");
        text(root, "soc", "soc");
        text(root, "os", "os");
        JsonNode clusters = root.get("clusters");
        if (clusters == null || !clusters.isArray() || clusters.isEmpty()) {
            errors.add("clusters: expected a non-empty array of core clusters");
        } else {
            for (int i = 0; i < clusters.size(); i++) {
                String at = "clusters[" + i + "]";
                JsonNode c = clusters.get(i);
                text(c, "core", at + ".core");
                sourced(c, "cores", at + ".cores");
                sourced(c, "clockGhz", at + ".clockGhz");
                sourced(c, "floatMacsPerCycle", at + ".floatMacsPerCycle");
                sourced(c, "int8MacsPerCycle", at + ".int8MacsPerCycle");
                JsonNode cores = c.path("cores").path("value");
                if (cores.isNumber() && cores.asDouble() != Math.rint(cores.asDouble())) {
                    errors.add(at + ".cores.value: a core count must be a whole number, got " + cores.asText());
                }
            }
        }
        sourced(root, "ramMb", "ramMb");
        sourced(root, "memoryBandwidthGBs", "memoryBandwidthGBs");
        JsonNode storage = root.get("storage");
        if (storage == null || !storage.isObject()) {
            errors.add("storage: missing (object with kind and capacityGb)");
        } else {
            text(storage, "kind", "storage.kind");
            sourced(storage, "capacityGb", "storage.capacityGb");
        }
        JsonNode isa = root.get("isa");
        if (isa == null || !isa.isObject()) {
            errors.add("isa: missing (object with neon, dotprod, fp16, source)");
        } else {
            for (String f : List.of("neon", "dotprod", "fp16")) {
                if (!isa.path(f).isBoolean()) {
                    errors.add("isa." + f + ": expected true or false");
                }
            }
            text(isa, "source", "isa.source");
        }
        JsonNode runtime = root.get("runtime");
        if (runtime == null || !runtime.isObject()) {
            errors.add("runtime: missing (object with name, javaCommand, source)");
        } else {
            text(runtime, "name", "runtime.name");
            text(runtime, "javaCommand", "runtime.javaCommand");
            text(runtime, "source", "runtime.source");
        }
    }

    private String text(JsonNode parent, String field, String path) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            errors.add(path + ": missing");
            return null;
        }
        if (!n.isTextual() || n.asText().trim().isEmpty()) {
            errors.add(path + ": expected a non-empty string, got " + n);
            return null;
        }
        return n.asText();
    }

    private void sourced(JsonNode parent, String field, String path) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || !n.isObject()) {
            errors.add(path + ": missing (expected {\"value\": number, \"unit\": ..., \"source\": \"where the number comes from\"})");
            return;
        }
        JsonNode value = n.get("value");
        if (value == null || !value.isNumber()) {
            errors.add(path + ".value: expected a number, got " + value);
        } else if (!(value.asDouble() > 0) || Double.isInfinite(value.asDouble())) {
            errors.add(path + ".value: must be a positive finite number, got " + value.asText());
        }
        JsonNode source = n.get("source");
        if (source == null || !source.isTextual() || source.asText().trim().isEmpty()) {
            errors.add(path + ".source: missing; every number in a profile names its source (datasheet, spec page, measurement)");
        }
    }
}
