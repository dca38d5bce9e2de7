package dev.edgetl.devices.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A small Java program, compiled by the test into a runnable jar, that prints the JVM's os.arch and a digest of float
 * arithmetic (multiply-adds, divisions, exp): run on the x86 JVM and on the arm64 JVM under qemu, the digests must be
 * equal, as Java's strict IEEE semantics promise.
 */
public final class ProbeProgram {
    static final String SOURCE = """
            public class Probe {
                public static void main(String[] args) {
                    float acc = 0f;
                    long digest = 1469598103934665603L;
                    for (int i = 0; i < 200000; i++) {
                        float a = (i % 251) / 7.0f - 13.5f;
                        float b = (float) Math.exp(-(i % 97) / 31.0);
                        acc = Math.fma(a, b, acc * 0.999f);
                        digest = (digest ^ Float.floatToRawIntBits(acc)) * 1099511628211L;
                    }
                    System.out.println("os.arch=" + System.getProperty("os.arch"));
                    System.out.println("args=" + String.join("|", args));
                    System.out.println("digest=" + Long.toHexString(digest));
                }
            }
            """;

    private ProbeProgram() {}

    public static Path buildJar(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("probe-src"));
        Files.writeString(src.resolve("Probe.java"), SOURCE);
        Path classes = Files.createDirectories(dir.resolve("probe-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), src.resolve("Probe.java").toString());
        if (rc != 0) throw new IllegalStateException("javac failed: " + rc);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
        Path jar = dir.resolve("probe.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("Probe.class"));
            j.write(Files.readAllBytes(classes.resolve("Probe.class")));
            j.closeEntry();
        }
        return jar;
    }

    public static List<String> args(List<String> java, Path jar, String... extra) {
        List<String> cmd = new java.util.ArrayList<>(java);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(extra));
        return cmd;
    }
}
