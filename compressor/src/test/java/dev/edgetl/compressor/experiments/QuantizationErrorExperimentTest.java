package dev.edgetl.compressor.experiments;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs {@link QuantizationErrorExperiment} when EDGETL_QUANT_EXPERIMENT=1 (minutes; prints a report). */
class QuantizationErrorExperimentTest {
    @Test
    void report() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("EDGETL_QUANT_EXPERIMENT")), "EDGETL_QUANT_EXPERIMENT not set");
        if (System.getenv("EDGETL_SIZE") != null) {
            SizeBreakdownExperiment.main(new String[0]);
        } else if (System.getenv("EDGETL_HYBRIDDIFF") != null) {
            HybridDiffExperiment.main(new String[0]);
        } else if (System.getenv("EDGETL_FAKEQUANT") != null) {
            FakeQuantExperiment.main(new String[0]);
        } else {
            QuantizationErrorExperiment.main(new String[0]);
        }
    }
}
