package dev.edgetl.runtime.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.Fixtures;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** After warm-up, {@link Interpreter#run()} allocates nothing on the Java heap (the arena is planned once). */
class SteadyStateAllocationTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void runAllocatesNothingAfterWarmup(int threads) throws Exception {
        TfliteModel model = ModelReader.read(Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Interpreter it = Interpreter.create(model, InterpreterOptions.defaults().withThreads(threads))) {
            for (int k = 0; k < 20; k++) {
                it.run();
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int k = 0; k < 10; k++) {
                it.run();
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            // ThreadMXBean itself may allocate a few bytes; an arena or scratch allocated per run would be >= 16 KB.
            assertThat(allocated).as("bytes allocated by 10 runs").isLessThan(1024);
        }
    }
}
