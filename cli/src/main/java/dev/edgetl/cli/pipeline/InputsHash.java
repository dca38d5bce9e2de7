package dev.edgetl.cli.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The content hash of a stage's inputs: its config section (as canonical JSON) and the content of its input
 * files and folders (relative path + bytes of every regular file, in sorted order). Equal hash = nothing to redo.
 */
final class InputsHash {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private final MessageDigest md;

    InputsHash() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    InputsHash config(String name, Object section) {
        try {
            text("config " + name + "=" + JSON.writeValueAsString(JSON.valueToTree(section)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    InputsHash text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
        md.update((byte) ':');
        md.update(b);
        return this;
    }

    /** A file or a folder (recursively); a missing path hashes as "absent". */
    InputsHash path(String name, Path p) throws IOException {
        text("path " + name);
        if (p == null || !Files.exists(p)) {
            text("absent");
        } else if (Files.isDirectory(p)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(p)) {
                files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            for (Path f : files) {
                text(p.relativize(f).toString().replace('\\', '/'));
                file(f);
            }
        } else {
            file(p);
        }
        return this;
    }

    private void file(Path f) throws IOException {
        md.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.UTF_8));
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        }
    }

    String hex() {
        return HexFormat.of().formatHex(md.digest());
    }
}
