package dev.edgetl.devices.profiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The profile of the machine we run on, read at run time from {@code /proc/cpuinfo}, {@code /proc/meminfo} and the
 * JVM. Peak MACs/cycle are derived from the SIMD flags, which is a coarse upper bound: the estimator's calibration
 * (measured runs of our runtime on this host) is what makes host estimates useful.
 */
public final class HostProfile {
    public static final String ID = "host";

    private HostProfile() {}

    public static DeviceProfile detect() {
        return detect(Paths.get("/proc/cpuinfo"), Paths.get("/proc/meminfo"));
    }

    static DeviceProfile detect(Path cpuinfo, Path meminfo) {
        String arch = Architectures.canonical(System.getProperty("os.arch"));
        int cores = Runtime.getRuntime().availableProcessors();
        String model = "unknown CPU";
        double mhz = 0;
        Set<String> flags = new LinkedHashSet<>();
        String cpuSource = "/proc/cpuinfo";
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "model name", "Model", "Hardware" -> { if ("unknown CPU".equals(model)) model = value; }
                    case "cpu MHz" -> { if (mhz == 0) mhz = parse(value); }
                    case "flags", "Features" -> { if (flags.isEmpty()) flags.addAll(List.of(value.toLowerCase(Locale.ROOT).split("\\s+"))); }
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            cpuSource = "JVM only (" + cpuinfo + " unreadable: " + e.getMessage() + ")";
        }
        double ramMb = 0;
        String ramSource = meminfo + " MemTotal";
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    ramMb = parse(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            ramSource = "JVM max heap (" + meminfo + " unreadable)";
        }
        if (ramMb <= 0) {
            ramMb = Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0);
            ramSource = "JVM max heap (" + meminfo + " has no MemTotal)";
        }
        String clockSource = cpuSource + " 'cpu MHz' (current frequency, not the boost clock)";
        if (mhz <= 0) {
            mhz = 2000;
            clockSource = "assumption: 2.0 GHz (no 'cpu MHz' in " + cpuSource + ")";
        }
        boolean fma = flags.contains("fma") || flags.contains("asimd") || flags.contains("neon");
        int lanes = flags.contains("avx512f") ? 16 : flags.contains("avx2") || flags.contains("avx") ? 8 : 4;
        double floatMacs = lanes * (fma ? 2 : 1);
        boolean vnni = flags.contains("avx512_vnni") || flags.contains("avx_vnni") || flags.contains("asimddp");
        double int8Macs = floatMacs * (vnni ? 4 : 2);
        String simdSource = "derived from " + cpuSource + " flags: " + lanes + " fp32 lanes"
                + (fma ? " x 2 FMA pipes (assumed)" : " (no FMA)");
        String int8Source = "derived: fp32 peak x " + (vnni ? "4 (VNNI/dot-product flag present)" : "2 (16-bit widening multiply-add)");
        Cluster cluster = new Cluster(model,
                new Sourced(cores, "cores", "Runtime.availableProcessors()"),
                new Sourced(Math.round(mhz) / 1000.0, "GHz", clockSource),
                new Sourced(floatMacs, "MAC/cycle", simdSource),
                new Sourced(int8Macs, "MAC/cycle", int8Source));
        boolean neon = flags.contains("neon") || flags.contains("asimd");
        String extra = String.join(" ", flags.stream().filter(f -> f.startsWith("avx") || f.equals("fma") || f.equals("f16c")
                || f.startsWith("asimd") || f.equals("fphp")).toList());
        return new DeviceProfile(ID, "This machine (" + model + ")", "host", arch, arch, model,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                List.of(cluster),
                new Sourced(Math.round(ramMb), "MB", ramSource),
                new Storage("local disk", new Sourced(diskGb(), "GB", "free space in java.io.tmpdir (File.getUsableSpace)")),
                new Isa(neon, flags.contains("asimddp") || flags.contains("avx512_vnni") || flags.contains("avx_vnni"),
                        flags.contains("f16c") || flags.contains("fphp") || flags.contains("avx512_fp16"), extra, cpuSource + " flags"),
                new Sourced(10, "GB/s", "assumption: 10 GB/s usable per inference thread (not measured on this host)"),
                new DeployRuntime("this JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "System.getProperty(java.home)"),
                "Detected at run time; peak MACs/cycle are derived from SIMD flags, not measured.");
    }

    private static double diskGb() {
        long free = Paths.get(System.getProperty("java.io.tmpdir")).toFile().getUsableSpace();
        return Math.max(1, Math.round(free / 1e9));
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
