package dev.edgetl.devices.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * A STAND-IN for edge-runtime.jar, used only to test deploy's mechanics while the real runnable jar is being built
 * elsewhere: it speaks the same command-line contract ({@code run --model M --input-tensor IN --output-tensor OUT},
 * {@code run --model M --json [--labels L] IMAGE...}, {@code bench --model M ... --json}) but does not interpret the
 * model. {@code run} writes each input byte XOR the model's first byte; {@code bench} times sha256 over the model
 * bytes. With {@code --runs 9999} bench writes its pid to {@code bench.pid} beside the model and sleeps, so a test
 * can kill it mid-run.
 */
public final class StandInRuntime {
    static final String SOURCE = """
            import java.nio.file.*;
            import java.security.MessageDigest;
            import java.util.*;
            public class StandIn {
                static String opt(List<String> a, String name) { int i = a.indexOf(name); return i < 0 ? null : a.get(i + 1); }
                public static void main(String[] args) throws Exception {
                    List<String> a = Arrays.asList(args);
                    Path model = Paths.get(opt(a, "--model"));
                    byte[] m = Files.readAllBytes(model);
                    if (a.get(0).equals("run") && opt(a, "--input-tensor") != null) {
                        byte[] in = Files.readAllBytes(Paths.get(opt(a, "--input-tensor")));
                        for (int i = 0; i < in.length; i++) in[i] ^= m[0];
                        Files.write(Paths.get(opt(a, "--output-tensor")), in);
                    } else if (a.get(0).equals("run")) {
                        StringBuilder sb = new StringBuilder("{\\"standIn\\": true, \\"images\\": [");
                        int n = 0;
                        for (String s : a) if (s.contains("/images/")) sb.append(n++ == 0 ? "" : ", ").append('"').append(Paths.get(s).getFileName()).append('"');
                        System.out.println(sb.append("]}"));
                    } else if (a.get(0).equals("bench")) {
                        int runs = Integer.parseInt(opt(a, "--runs"));
                        if (runs == 9999) {
                            Files.writeString(model.resolveSibling("bench.pid"), String.valueOf(ProcessHandle.current().pid()));
                            Thread.sleep(120_000);
                        }
                        double[] ms = new double[runs];
                        for (int r = 0; r < runs; r++) {
                            long t = System.nanoTime();
                            MessageDigest.getInstance("SHA-256").digest(m);
                            ms[r] = (System.nanoTime() - t) / 1e6;
                        }
                        Arrays.sort(ms);
                        System.out.println("{\\"backend\\": \\"stand-in (sha256 of the model, not inference)\\", \\"runs\\": " + runs
                                + ", \\"p50Ms\\": " + ms[runs / 2] + ", \\"minMs\\": " + ms[0] + ", \\"osArch\\": \\"" + System.getProperty("os.arch") + "\\"}");
                    } else {
                        System.err.println("stand-in: unknown command " + a.get(0));
                        System.exit(2);
                    }
                }
            }
            """;

    private StandInRuntime() {}

    public static Path buildJar(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("standin-src"));
        Files.writeString(src.resolve("StandIn.java"), SOURCE);
        Path classes = Files.createDirectories(dir.resolve("standin-classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
                src.resolve("StandIn.java").toString());
        if (rc != 0) throw new IllegalStateException("javac failed: " + rc);
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "StandIn");
        Path jar = dir.resolve("edge-runtime-standin.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.putNextEntry(new JarEntry("StandIn.class"));
            j.write(Files.readAllBytes(classes.resolve("StandIn.class")));
            j.closeEntry();
        }
        return jar;
    }
}
