package dev.edgetl.devices.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The device catalogue: the profiles shipped as resources (listed in {@code profiles/index.txt}), the host we run
 * on, and the user's own from a JSON file or a folder of them. A user profile with a built-in id replaces it.
 */
public final class ProfileCatalog {
    static final String RESOURCE_DIR = "/dev/edgetl/devices/profiles/";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, DeviceProfile> profiles = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private ProfileCatalog() {}

    /** Built-in profiles plus the host. */
    public static ProfileCatalog builtin() {
        ProfileCatalog c = new ProfileCatalog();
        for (String file : resourceIndex()) {
            String res = RESOURCE_DIR + file;
            try (InputStream in = ProfileCatalog.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new ProfileException("built-in profile " + res + " is listed in index.txt but missing");
                }
                c.add(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + res), "built-in");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DeviceProfile host = HostProfile.detect();
        c.add(host, "detected at run time");
        return c;
    }

    /** Built-in profiles plus those in {@code fileOrDir} (a .json file, or every *.json in a folder). */
    public static ProfileCatalog withUserProfiles(Path fileOrDir) {
        ProfileCatalog c = builtin();
        if (fileOrDir != null) {
            c.addUser(fileOrDir);
        }
        return c;
    }

    public void addUser(Path fileOrDir) {
        if (!Files.exists(fileOrDir)) {
            throw new ProfileException("profiles path " + fileOrDir + " does not exist");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.list(fileOrDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new ProfileException("cannot list profiles folder " + fileOrDir + ": " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new ProfileException("profiles folder " + fileOrDir + " has no *.json file");
            }
        } else {
            files.add(fileOrDir);
        }
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path f : files) {
            DeviceProfile p = load(f);
            Path before = seen.put(p.id(), f);
            if (before != null) {
                throw new ProfileException("duplicate device id '" + p.id() + "' in " + before + " and " + f);
            }
            add(p, f.toString());
        }
    }

    public static DeviceProfile load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ProfileException("cannot read device profile " + file + ": " + e.getMessage(), e);
        }
    }

    public static DeviceProfile parse(String json, String file) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProfileException("device profile " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")", e);
        }
        ProfileValidator.validate(file, root);
        try {
            return JSON.treeToValue(root, DeviceProfile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ProfileException("invalid device profile " + file + ": " + path(e) + ": unknown field '"
                    + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new ProfileException("invalid device profile " + file + ": " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ProfileException("invalid device profile " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(root)" : sb.toString();
    }

    private void add(DeviceProfile p, String origin) {
        profiles.put(p.id(), p);
        origins.put(p.id(), origin);
    }

    public Collection<DeviceProfile> all() {
        return profiles.values();
    }

    public DeviceProfile get(String id) {
        DeviceProfile p = profiles.get(id);
        if (p == null) {
            throw new UnknownDeviceException("unknown device '" + id + "'; known: " + String.join(", ", profiles.keySet()));
        }
        return p;
    }

    public String origin(String id) {
        return origins.get(id);
    }

    private static List<String> resourceIndex() {
        try (InputStream in = ProfileCatalog.class.getResourceAsStream(RESOURCE_DIR + "index.txt")) {
            if (in == null) {
                throw new ProfileException("built-in profile index " + RESOURCE_DIR + "index.txt is missing from the class path");
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) names.add(t);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
