package dev.edgetl.devices.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DevicesCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new DevicesCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listShowsEveryDevice() {
        Run r = run("list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("raspberry-pi-4").contains("Cortex-A72").contains("raspberry-pi-2").contains("armv7").contains("host");
    }

    @Test
    void showPrintsEveryNumberWithItsSourceAndJson() throws Exception {
        Run r = run("show", "jetson-nano");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Cortex-A57").contains("1.43 GHz").contains("source: NVIDIA Jetson Nano Developer Kit technical specifications");
        Run j = run("show", "raspberry-pi-5", "--json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.get("clusters").get(0).get("clockGhz").get("value").asDouble()).isEqualTo(2.4);
        assertThat(n.get("isa").get("dotprod").asBoolean()).isTrue();
    }

    @Test
    void unknownDeviceAndBadUserProfilesFailClearly(@TempDir Path dir) throws Exception {
        Run r = run("show", "nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("devices: unknown device 'nope'").doesNotContain("Exception");
        Files.writeString(dir.resolve("x.json"), "{\"id\": \"x\"}");
        Run bad = run("list", "--profiles", dir.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("x.json").contains("clusters");
    }

    @Test
    void estimateSaysItIsAnEstimate() throws Exception {
        Path model = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite");
        Run r = run("estimate", "raspberry-pi-5", "--model", model.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("an ESTIMATE, not a measurement").contains("latency     estimate").contains("band");
        Run j = run("estimate", "raspberry-pi-4", "--model", model.toString(), "--json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.get("kind").asText()).isEqualTo("estimate");
        assertThat(n.get("estimate").get("latencyLowMs").asDouble()).isLessThan(n.get("estimate").get("latencyHighMs").asDouble());
    }
}
