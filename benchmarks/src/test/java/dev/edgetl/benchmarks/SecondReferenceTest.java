package dev.edgetl.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.OracleCheck;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TensorFlow Lite 2.6 (DJL tflite-engine 0.27) as a second reference beside TFLite 2.21 (builtin kernels):
 * every fixture model on every fixture image, same input bytes to both. Records the largest difference per
 * model (and XNNPACK's, for comparison) in {@code target/second-reference.md}, or in
 * {@code docs/second-reference.md} with {@code -Dedgetl.writeDocs=true}; asserts what DESIGN.md states
 * (equal on per-tensor uint8 models, at most 2 steps on int8 per-channel ones) and that edge-runtime equals
 * 2.21 byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondReferenceTest {
    static final String[] IMAGES = {"cat.bmp", "bird.bmp", "grace_hopper.bmp"};

    /** One model's differences over all images. */
    static final class Record {
        final String model;
        final String io;
        final boolean perChannel;
        double maxDiffDjl26;
        double maxAbsRef;
        int bytesDiffDjl26;
        double maxStepsXnnpack;
        int outputBytes;
        String edge = "";
        String edgeVector = "";

        Record(String model, String io, boolean perChannel) {
            this.model = model;
            this.io = io;
            this.perChannel = perChannel;
        }
    }

    private final List<Record> records = new ArrayList<>();
    private String djlVersion;

    @BeforeAll
    void loadDjl() {
        djlVersion = Djl26Backend.version();
    }

    static Stream<Path> models() throws Exception {
        Path dir = Fixtures.require("models");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(p -> p.toString().endsWith(".tflite")).sorted().toList();
            return l.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void tflite26AgreesWith221AsDesignSaysAndEdgeRuntimeEquals221(Path file) throws Exception {
        TfliteModel model = ModelReader.read(file);
        TensorSpec out = model.output(0);
        Record r = new Record(file.getFileName().toString().replace(".tflite", ""),
                model.input(0).dtype() + " -> " + out.dtype(), hasPerChannelWeights(model));
        r.outputBytes = (int) out.byteSize();
        List<String> edgeProblems = new ArrayList<>();
        List<String> vectorProblems = new ArrayList<>();
        InterpreterOptions vector = EdgeVariants.vectorOptions(InterpreterOptions.defaults());
        try (TfliteOracle v221 = TfliteOracle.load(file);
                Djl26Backend v26 = new Djl26Backend(file, false);
                Tflite221Backend xnn = new Tflite221Backend(file, true)) {
            for (String image : IMAGES) {
                byte[] in = ModelInputs.fromImage(Fixtures.image(image), model.input(0));
                byte[] ref = v221.run(in).get(0);

                v26.setInputs(List.of(in));
                v26.run();
                byte[] old = v26.outputs().get(0);
                r.maxDiffDjl26 = Math.max(r.maxDiffDjl26, SideBySide.maxDiff(old, ref, out));
                r.maxAbsRef = Math.max(r.maxAbsRef, maxAbs(ref, out));
                r.bytesDiffDjl26 += countDiff(old, ref, out.dtype());

                xnn.setInputs(List.of(in));
                xnn.run();
                r.maxStepsXnnpack = Math.max(r.maxStepsXnnpack, SideBySide.maxDiff(xnn.outputs().get(0), ref, out));

                String problem = edgeRuntimeMismatch(model, InterpreterOptions.defaults(), in, ref, image);
                if (problem != null) {
                    edgeProblems.add(problem);
                }
                if (vector != null) {
                    problem = edgeRuntimeMismatch(model, vector, in, ref, image);
                    if (problem != null) {
                        vectorProblems.add(problem);
                    }
                }
            }
        }
        r.edge = summary(edgeProblems);
        r.edgeVector = vector == null ? "not run (no SimdKernels.options in edge-runtime-simd, or no jdk.incubator.vector)" : summary(vectorProblems);
        records.add(r);

        if (out.dtype() == DType.FLOAT32) {
            assertThat(r.maxDiffDjl26).as("TFLite 2.6 vs 2.21 on float " + r.model).isLessThanOrEqualTo(1e-5 * r.maxAbsRef);
        } else if (r.perChannel) {
            assertThat(r.maxDiffDjl26).as("TFLite 2.6 vs 2.21 steps on per-channel " + r.model).isLessThanOrEqualTo(2);
        } else {
            assertThat(r.maxDiffDjl26).as("TFLite 2.6 vs 2.21 steps on per-tensor " + r.model).isZero();
        }
        assertThat(edgeProblems).as("edge-runtime vs TFLite 2.21 builtin on " + r.model).isEmpty();
        assertThat(vectorProblems).as("edge-runtime (Vector API) vs TFLite 2.21 builtin on " + r.model).isEmpty();
    }

    private static String summary(List<String> problems) {
        return problems.isEmpty() ? "equal (3 of 3 images)"
                : problems.size() + " of 3 images differ or fail; first: " + problems.get(0);
    }

    /** Null when edge-runtime's output equals TFLite 2.21's (byte for byte; float within 1e-5 relative). */
    private static String edgeRuntimeMismatch(TfliteModel model, InterpreterOptions options, byte[] in, byte[] ref,
            String image) {
        try (Interpreter it = Interpreter.create(model, options)) {
            it.setInputBytes(0, in);
            it.run();
            byte[] ours = it.outputBytes(0);
            TensorSpec out = model.output(0);
            if (out.dtype() == DType.FLOAT32) {
                OracleCheck.assertFloatsClose(OracleCheck.floats(ours), OracleCheck.floats(ref), 1e-5f, image);
            } else {
                OracleCheck.assertBytesEqual(ours, ref, out.dtype(), image);
            }
            return null;
        } catch (AssertionError | RuntimeException e) {
            // The model's path is in every message; the table names the model already.
            return image + ": " + String.valueOf(e.getMessage()).replace(model.source() + ": ", "");
        }
    }

    static boolean hasPerChannelWeights(TfliteModel model) {
        for (TensorSpec t : model.tensors()) {
            if (t.isConstant() && t.quantization().isPerChannel()) {
                return true;
            }
        }
        return false;
    }

    static double maxAbs(byte[] out, TensorSpec spec) {
        double m = 0;
        for (float v : SideBySide.values(out, spec.dtype())) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static int countDiff(byte[] a, byte[] b, DType dtype) {
        int n = 0;
        int step = dtype == DType.FLOAT32 ? 4 : 1;
        for (int k = 0; k < a.length; k += step) {
            for (int j = 0; j < step; j++) {
                if (a[k + j] != b[k + j]) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.3g", d);
    }

    @AfterAll
    void writeReport() throws Exception {
        if (records.isEmpty()) {
            return;
        }
        records.sort((a, b) -> a.model.compareTo(b.model));
        StringBuilder sb = new StringBuilder();
        sb.append("# Second reference: TensorFlow Lite 2.6 (DJL) vs 2.21\n\n");
        sb.append("Generated by `SecondReferenceTest` (benchmarks module; regenerate with\n")
                .append("`mvn -B -o -pl benchmarks -am test -Dtest=SecondReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dedgetl.writeDocs=true`).\n")
                .append("Every fixture model on cat.bmp, bird.bmp and grace_hopper.bmp (bilinear resize, same input bytes\n")
                .append("to every engine). Reference: TFLite 2.21 (bytedeco) builtin kernels, XNNPACK off, 1 thread.\n")
                .append("Second reference: TFLite ").append(djlVersion)
                .append(" from DJL tflite-engine 0.27, XNNPACK off, 1 thread. Differences are the largest\n")
                .append("absolute difference of output 0 over the three images, in quantization steps for 8-bit outputs,\n")
                .append("in absolute value for float outputs; 'elements differing' counts over all three images.\n")
                .append("edge-runtime 'equal' means byte for byte for 8-bit outputs, within 1e-5 of max |output| for float.\n\n");
        sb.append("| model | I/O | int8 per-channel weights | 2.6 vs 2.21: max diff | 2.6 vs 2.21: elements differing | 2.21 XNNPACK vs builtin: max diff | edge-runtime vs 2.21 builtin | edge-runtime Vector API vs 2.21 builtin |\n");
        sb.append("|---|---|---|---:|---:|---:|---|---|\n");
        for (Record r : records) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d of %d | %s | %s | %s |%n", r.model, r.io,
                    r.perChannel ? "yes" : "no", format(r.maxDiffDjl26), r.bytesDiffDjl26,
                    3 * r.outputBytes / (r.io.endsWith("FLOAT32") ? 4 : 1),
                    format(r.maxStepsXnnpack),
                    r.edge.replace('|', '/').replace('\n', ' '), r.edgeVector.replace('|', '/').replace('\n', ' ')));
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        ModelWriter.writeAtomically(Paths.get("target", "second-reference.md"), bytes);
        if (Boolean.getBoolean("edgetl.writeDocs")) {
            Path root = Paths.get(System.getProperty("edgetl.repoRoot", ".."));
            ModelWriter.writeAtomically(root.resolve("docs").resolve("second-reference.md"), bytes);
        }
    }
}
