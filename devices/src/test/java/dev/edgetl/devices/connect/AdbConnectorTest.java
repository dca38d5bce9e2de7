package dev.edgetl.devices.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adb connector against a FAKE adb: a shell script that records its arguments and emulates a device whose file
 * system is a local folder (push/pull are copies, shell runs sh -c with /data/local/tmp mapped into that folder).
 * No Android device or emulator is involved; this checks the commands we send, not Android itself.
 */
class AdbConnectorTest {
    @TempDir Path dir;
    Path adb;
    Path log;
    Path device;

    static final String FAKE_ADB = """
            #!/bin/bash
            # fake adb: records its arguments, emulates one device (serial emu-1) with the folder $DEVICE
            printf '%s\\n' "$*" >> "$LOG"
            if [ "$1" = "-s" ]; then
              case "$2" in emu-1|emu-corrupt) ;; *) echo "adb: device '$2' not found" >&2; exit 1 ;; esac
              serial="$2"; shift 2
            fi
            map() { printf '%s' "${1//\\/data\\/local\\/tmp/$DEVICE/data/local/tmp}"; }
            case "$1" in
              push) cp "$2" "$(map "$3")"; if [ "$serial" = emu-corrupt ]; then printf X >> "$(map "$3")"; fi ;;
              pull) cp "$(map "$2")" "$3" ;;
              shell) cd "$DEVICE" && sh -c "$(map "$2")" ;;
              *) echo "fake adb: unsupported $1" >&2; exit 1 ;;
            esac
            """;

    @BeforeEach
    void fakeAdb() throws Exception {
        device = Files.createDirectories(dir.resolve("device/data/local/tmp"));
        log = dir.resolve("adb.log");
        Path script = dir.resolve("adb-impl");
        Files.writeString(script, FAKE_ADB);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        // ProcessBuilder cannot set env per connector, so a wrapper fixes DEVICE and LOG
        adb = dir.resolve("adb");
        Files.writeString(adb, "#!/bin/sh\nDEVICE='" + dir.resolve("device") + "' LOG='" + log + "' exec '" + script + "' \"$@\"\n");
        Files.setPosixFilePermissions(adb, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void pushesChecksAndRenamesThenRunsQuotedCommands() throws Exception {
        AdbConnector c = new AdbConnector(adb.toString(), "emu-1", List.of("dalvikvm"));
        Path local = Files.writeString(dir.resolve("m.tflite"), "model bytes");
        c.mkdirs("/data/local/tmp/edgetl-x");
        c.put(local, "/data/local/tmp/edgetl-x/m.tflite");
        assertThat(dir.resolve("device/data/local/tmp/edgetl-x/m.tflite")).hasContent("model bytes");
        ExecResult r = c.run(List.of("printf", "%s|", "a b", "$x"), Duration.ofSeconds(30));
        assertThat(r.stdoutText()).isEqualTo("a b|$x|");
        Path back = dir.resolve("back");
        c.fetch("/data/local/tmp/edgetl-x/m.tflite", back);
        assertThat(back).hasContent("model bytes");
        c.removeTree("/data/local/tmp/edgetl-x");
        assertThat(dir.resolve("device/data/local/tmp/edgetl-x")).doesNotExist();
        List<String> calls = Files.readAllLines(log);
        assertThat(calls).anyMatch(l -> l.startsWith("-s emu-1 push " + local + " /data/local/tmp/edgetl-x/m.tflite.part-"));
        assertThat(calls).anyMatch(l -> l.startsWith("-s emu-1 shell sh -c 'got=$(sha256sum"));
        assertThat(calls).contains("-s emu-1 shell printf '%s|' 'a b' '$x'");
    }

    @Test
    void aCorruptedCopyIsRefusedAndRemoved() throws Exception {
        AdbConnector c = new AdbConnector(adb.toString(), "emu-corrupt", List.of("dalvikvm"));
        Path local = Files.writeString(dir.resolve("m.tflite"), "model bytes");
        c.mkdirs("/data/local/tmp/edgetl-y");
        assertThatThrownBy(() -> c.put(local, "/data/local/tmp/edgetl-y/m.tflite"))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.CHECKSUM_MISMATCH))
                .hasMessageContaining("different sha256").hasMessageContaining("nothing was left at the destination");
        try (var s = Files.list(dir.resolve("device/data/local/tmp/edgetl-y"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void unknownSerialIsUnreachable() {
        AdbConnector c = new AdbConnector(adb.toString(), "nope", List.of("dalvikvm"));
        assertThatThrownBy(() -> c.run(List.of("true"), Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.UNREACHABLE));
    }
}
