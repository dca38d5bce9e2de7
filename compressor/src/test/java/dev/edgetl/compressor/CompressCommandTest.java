package dev.edgetl.compressor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.testing.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code compress} end to end on edge-runtime: exit 0 when a variant passes, 3 when none does, 2 for bad input. */
class CompressCommandTest {
    @TempDir
    static Path tmp;
    static Path calib;
    static Path eval;

    @BeforeAll
    static void folders() throws IOException {
        Path hym = Fixtures.require("datasets/hymenoptera");
        calib = tmp.resolve("calib");
        eval = tmp.resolve("eval");
        CompressorPipelineTest.link(hym.resolve("train"), calib, 40);
        CompressorPipelineTest.link(hym.resolve("val"), eval, 25);
    }

    record Run(int exit, String out, String err) {}

    static Run compress(String budgetYaml, String outName, String... extra) throws IOException {
        Path budget = Files.createTempFile(tmp, "budget", ".yaml");
        Files.writeString(budget, budgetYaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new CompressCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] base = {"--model", Fixtures.model(TestData.MOBILENET).toString(), "--calibration", calib.toString(),
                "--eval", eval.toString(), "--budget", budget.toString(), "--out", tmp.resolve(outName).toString(),
                "--mean", "127.5", "--std", "127.5", "--labels", Fixtures.model("imagenet_labels.txt").toString(),
                "--no-progress", "--no-compare-methods", "--warmup", "1", "--runs", "2"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void passingBudgetExitsZeroAndChoosesTheSmallestPassingVariant() throws Exception {
        Run r = compress("device: host\nmaxModelBytes: 1000000\nmaxRamBytes: 100000000\n", "ok",
                "--variants", "fp16,int8");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("chosen: int8-per-tensor").contains("fp16").contains("FAIL");
        assertThat(tmp.resolve("ok/report.html")).exists();
        assertThat(tmp.resolve("ok/mobilenet_v1_0.25_224_float.int8.tflite")).exists();
    }

    @Test
    void budgetNoVariantMeetsExitsThree() throws Exception {
        Run r = compress("device: host\nmaxModelBytes: 100000\n", "none", "--variants", "int8");
        assertThat(r.exit()).as(r.err()).isEqualTo(CompressCommand.EXIT_NO_VARIANT_PASSES);
        assertThat(r.out()).contains("no variant passes the budget");
        assertThat(tmp.resolve("none/report.md")).exists();
    }

    @Test
    void badInputExitsTwoWithAClearMessage() throws Exception {
        Run r = compress("device: raspberry-pi-99\n", "bad", "--variants", "int8");
        assertThat(r.exit()).isEqualTo(CompressCommand.EXIT_ERROR);
        assertThat(r.err()).contains("unknown device profile 'raspberry-pi-99'");
        assertThat(tmp.resolve("bad")).doesNotExist();
        Run v = compress("device: host\n", "bad2", "--variants", "int4");
        assertThat(v.exit()).isEqualTo(CompressCommand.EXIT_ERROR);
        assertThat(v.err()).contains("unknown variant 'int4'");
        assertThat(tmp.resolve("bad2")).doesNotExist();
    }
}
