package dev.edgetl.devices.profiles;

import java.util.List;
import java.util.Locale;

/** Architecture names as profiles, {@code uname -m} and the JVM's {@code os.arch} spell them. */
public final class Architectures {
    public static final List<String> KNOWN = List.of("aarch64", "armv7", "x86_64");

    private Architectures() {}

    /** Canonical profile name for a {@code uname -m} or {@code os.arch} value, or the input lower-cased if unknown. */
    public static String canonical(String reported) {
        String r = reported.trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "aarch64", "arm64", "arm64-v8a", "armv8l" -> "aarch64";
            case "arm", "armv7l", "armv7", "armhf", "armeabi-v7a", "armv7a" -> "armv7";
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            default -> r;
        };
    }

    static List<String> jvmNames(String architecture) {
        return switch (architecture) {
            case "aarch64" -> List.of("aarch64");
            case "armv7" -> List.of("arm");
            case "x86_64" -> List.of("amd64", "x86_64");
            default -> List.of(architecture);
        };
    }
}
