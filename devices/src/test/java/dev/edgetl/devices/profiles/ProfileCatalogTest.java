package dev.edgetl.devices.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCatalogTest {
    @Test
    void builtInCatalogueHasTheRequiredDevicesEachNumberSourced() {
        ProfileCatalog c = ProfileCatalog.builtin();
        assertThat(c.all()).extracting(DeviceProfile::id).contains("raspberry-pi-4", "raspberry-pi-5", "jetson-nano",
                "android-pixel-2", "android-snapdragon-8-gen-3", "raspberry-pi-2", "host");
        assertThat(c.get("raspberry-pi-4").fastestCluster().core()).isEqualTo("Cortex-A72");
        assertThat(c.get("raspberry-pi-5").fastestCluster().core()).isEqualTo("Cortex-A76");
        assertThat(c.get("raspberry-pi-5").isa().dotprod()).isTrue();
        assertThat(c.get("raspberry-pi-4").isa().dotprod()).isFalse();
        assertThat(c.get("jetson-nano").fastestCluster().core()).isEqualTo("Cortex-A57");
        assertThat(c.get("raspberry-pi-2").architecture()).isEqualTo("armv7");
        assertThat(c.get("android-snapdragon-8-gen-3").totalCores()).isEqualTo(8);
        for (DeviceProfile p : c.all()) {
            assertThat(p.ramMb().source()).as(p.id()).isNotBlank();
            assertThat(p.memoryBandwidthGBs().source()).as(p.id()).isNotBlank();
            for (Cluster cl : p.clusters()) {
                for (Sourced s : List.of(cl.cores(), cl.clockGhz(), cl.floatMacsPerCycle(), cl.int8MacsPerCycle())) {
                    assertThat(s.value()).as(p.id()).isPositive();
                    assertThat(s.source()).as(p.id()).isNotBlank();
                }
            }
        }
    }

    @Test
    void hostProfileIsReadFromTheMachine() {
        DeviceProfile host = ProfileCatalog.builtin().get("host");
        assertThat(host.architecture()).isEqualTo(Architectures.canonical(System.getProperty("os.arch")));
        assertThat(host.totalCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.ramMb().value()).isPositive();
        assertThat(host.fastestCluster().clockGhz().value()).isPositive();
    }

    @Test
    void hostProfileParsesCpuinfoFlags(@TempDir Path dir) throws Exception {
        Path cpu = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: Test CPU\ncpu MHz\t\t: 3000.000\n"
                + "flags\t\t: fpu sse avx avx2 fma avx512f avx512_vnni\n");
        Path mem = Files.writeString(dir.resolve("meminfo"), "MemTotal:        2097152 kB\n");
        DeviceProfile p = HostProfile.detect(cpu, mem);
        assertThat(p.fastestCluster().core()).isEqualTo("Test CPU");
        assertThat(p.fastestCluster().clockGhz().value()).isEqualTo(3.0);
        assertThat(p.fastestCluster().floatMacsPerCycle().value()).isEqualTo(32);
        assertThat(p.fastestCluster().int8MacsPerCycle().value()).isEqualTo(128);
        assertThat(p.ramMb().value()).isEqualTo(2048);
        assertThat(p.isa().dotprod()).isTrue();
    }

    @Test
    void userProfilesFromAFolderAreAddedAndMayReplaceBuiltIns(@TempDir Path dir) throws Exception {
        String pi = resource("raspberry-pi-4.json");
        Files.writeString(dir.resolve("my-board.json"), pi.replace("\"raspberry-pi-4\"", "\"my-board\""));
        Files.writeString(dir.resolve("pi4.json"), pi.replace("\"Raspberry Pi 4 Model B (4 GB)\"", "\"my Pi 4\""));
        ProfileCatalog c = ProfileCatalog.withUserProfiles(dir);
        assertThat(c.get("my-board").fastestCluster().core()).isEqualTo("Cortex-A72");
        assertThat(c.get("raspberry-pi-4").name()).isEqualTo("my Pi 4");
        assertThat(c.origin("raspberry-pi-4")).endsWith("pi4.json");
    }

    @Test
    void invalidProfilesNameTheFileAndEveryBadField(@TempDir Path dir) throws Exception {
        String pi = resource("raspberry-pi-4.json");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, pi.replace("\"architecture\": \"aarch64\"", "\"architecture\": \"mips\"")
                .replace("\"value\": 1.8,", "\"value\": -1,")
                .replaceFirst("\"source\": \"Raspberry Pi 4 Model B product brief \\(raspberrypi.com\\)[^\"]*\"", "\"source\": \"\""));
        assertThatThrownBy(() -> ProfileCatalog.load(bad))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("architecture: 'mips' is not one of")
                .hasMessageContaining("clusters[0].clockGhz.value: must be a positive finite number")
                .hasMessageContaining("clusters[0].cores.source: missing");
    }

    @Test
    void unknownFieldsAndBrokenJsonAreReported(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, resource("raspberry-pi-4.json").replace("\"notes\"", "\"nots\""));
        assertThatThrownBy(() -> ProfileCatalog.load(typo)).hasMessageContaining("typo.json").hasMessageContaining("unknown field 'nots'");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"id\": \"x\",");
        assertThatThrownBy(() -> ProfileCatalog.load(broken)).hasMessageContaining("broken.json is not valid JSON");
        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, "{\"id\": \"x\"}");
        assertThatThrownBy(() -> ProfileCatalog.load(missing)).hasMessageContaining("clusters: expected a non-empty array")
                .hasMessageContaining("ramMb: missing").hasMessageContaining("runtime: missing");
    }

    @Test
    void duplicateIdsInTheUserFolderAndUnknownIdsAreErrors(@TempDir Path dir) throws Exception {
        String pi = resource("raspberry-pi-4.json");
        Files.writeString(dir.resolve("a.json"), pi);
        Files.writeString(dir.resolve("b.json"), pi);
        assertThatThrownBy(() -> ProfileCatalog.withUserProfiles(dir)).hasMessageContaining("duplicate device id 'raspberry-pi-4'");
        assertThatThrownBy(() -> ProfileCatalog.builtin().get("nope")).hasMessageContaining("unknown device 'nope'");
        assertThatThrownBy(() -> ProfileCatalog.withUserProfiles(dir.resolve("absent"))).hasMessageContaining("does not exist");
    }

    @Test
    void architectureNamesAreCanonicalised() {
        assertThat(Architectures.canonical("amd64")).isEqualTo("x86_64");
        assertThat(Architectures.canonical("arm64")).isEqualTo("aarch64");
        assertThat(Architectures.canonical("armv7l")).isEqualTo("armv7");
        assertThat(Architectures.canonical("arm")).isEqualTo("armv7");
    }

    static String resource(String name) throws Exception {
        try (var in = ProfileCatalog.class.getResourceAsStream(ProfileCatalog.RESOURCE_DIR + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
