package dev.edgetl.runtime.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.testing.LstmModels;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The LSTM kernel (float and hybrid) and resetVariableTensors allocate nothing per run after warm-up. */
class LstmSteadyStateAllocationTest {
    @ParameterizedTest(name = "hybrid={0}")
    @ValueSource(booleans = {false, true})
    void lstmRunsAllocateNothing(boolean hybrid) throws Exception {
        LstmModels b = new LstmModels();
        b.length = 20;
        b.features = 7;
        b.cells = 32;
        b.headOutputs = 1;
        b.hybrid = hybrid;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Interpreter it = Interpreter.create(ModelReader.read(b.build(), "lstm"))) {
            for (int k = 0; k < 50; k++) {
                it.resetVariableTensors();
                it.run();
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int k = 0; k < 20; k++) {
                it.resetVariableTensors();
                it.run();
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertThat(allocated).as("bytes allocated by 20 resets and runs").isLessThan(1024);
        }
    }
}
