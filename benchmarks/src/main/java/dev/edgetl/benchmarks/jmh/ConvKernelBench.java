package dev.edgetl.benchmarks.jmh;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Conv kernels on MobileNetV2 shapes, one thread, through the interpreter's op resolver: the 1x1 convolution
 * (pointwise GEMM) and the 3x3 depthwise convolution, float32 and int8 (per-channel). The MAC count of each
 * case is {@code H*W*Cin*Cout} (1x1) or {@code OH*OW*C*9} (depthwise); divide by the time for GMAC/s.
 *
 * <p>{@code kernels}: {@code optimised} = {@link InterpreterOptions#defaults()} (what the interpreter uses),
 * {@code reference} = the plain reference kernels.
 *
 * <p>Run: {@code benchmarks/run.sh jmh ConvKernelBench} (add {@code -p dtype=int8} etc. to narrow).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConvKernelBench {

    /** 1x1 conv: HxWxCin-&gt;Cout (MobileNetV2 expand / project layers; the first is its most memory-bound). */
    @State(Scope.Thread)
    public static class Pointwise {
        @Param({"112x112x32x16", "56x56x24x144", "28x28x192x32", "14x14x384x64", "7x7x960x320"})
        public String shape;

        @Param({"float32", "int8"})
        public String dtype;

        @Param({"optimised", "reference"})
        public String kernels;

        Interpreter interpreter;

        @Setup(Level.Trial)
        public void setUp() {
            int[] d = SingleOpModels.dims(shape);
            byte[] model = SingleOpModels.conv1x1(d[0], d[1], d[2], d[3], "int8".equals(dtype), 42);
            interpreter = prepare(model, kernels);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            interpreter.close();
        }
    }

    /** 3x3 depthwise: HxWxC and stride. */
    @State(Scope.Thread)
    public static class Depthwise {
        @Param({"112x112x96x2", "56x56x144x1", "28x28x192x1", "14x14x576x1", "7x7x960x1"})
        public String shape;

        @Param({"float32", "int8"})
        public String dtype;

        @Param({"optimised", "reference"})
        public String kernels;

        Interpreter interpreter;

        @Setup(Level.Trial)
        public void setUp() {
            int[] d = SingleOpModels.dims(shape);
            byte[] model = SingleOpModels.depthwise3x3(d[0], d[1], d[2], d[3], "int8".equals(dtype), 42);
            interpreter = prepare(model, kernels);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            interpreter.close();
        }
    }

    static Interpreter prepare(byte[] modelBytes, String kernels) {
        TfliteModel model = ModelReader.read(modelBytes, "bench");
        InterpreterOptions options = InterpreterOptions.defaults().withReferenceKernels("reference".equals(kernels));
        Interpreter it = Interpreter.create(model, options);
        it.setInputBytes(0, SingleOpModels.randomInput(model.input(0).dtype(), (int) model.input(0).byteSize(), 7));
        return it;
    }

    @Benchmark
    public Object conv1x1(Pointwise s) {
        s.interpreter.run();
        return s.interpreter.output(0);
    }

    @Benchmark
    public Object depthwise3x3(Depthwise s) {
        s.interpreter.run();
        return s.interpreter.output(0);
    }
}
