package dev.edgetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EdgetlTest {
    static String[] exec(String... args) {
        CommandLine cl = Edgetl.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void registersTheRuntimeCommandsAndDemo() {
        assertThat(Edgetl.commandLine().getSubcommands()).containsKeys("inspect", "run", "bench", "stream", "demo", "pipeline", "help");
        String[] help = exec("--help");
        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1]).contains("Examples:").contains("Exit codes:");
        assertThat(exec()[0]).isEqualTo("2");
        assertThat(exec("no-such-command")[0]).isEqualTo("2");
        String[] runHelp = exec("run", "--help");
        assertThat(runHelp[1]).contains("--input-tensor").contains("Examples:");
    }

    @Test
    void inspectThroughEdgetlOnAFixtureModel() {
        String model = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite").toString();
        String[] r = exec("inspect", model);
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("UINT8 [1,224,224,3]").contains("1001 labels").contains("DEPTHWISE_CONV_2D x17");
        String[] missing = exec("inspect", "/nonexistent/m.tflite");
        assertThat(missing[0]).isEqualTo("1");
        assertThat(missing[2]).contains("/nonexistent/m.tflite").doesNotContain("\tat ");
    }
}
