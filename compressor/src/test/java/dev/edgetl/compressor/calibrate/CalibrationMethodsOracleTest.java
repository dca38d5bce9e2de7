package dev.edgetl.compressor.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.compressor.OracleRecorder;
import dev.edgetl.compressor.TestData;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.quantize.Int8Quantizer;
import dev.edgetl.compressor.quantize.TensorRange;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures the calibration methods on real data (MobileNetV1 0.25, hymenoptera train -> val) in real TFLite:
 * top-1 agreement of the int8 model with the float model. Set EDGETL_CALIBRATION_EXPERIMENT=full for the
 * whole validation set (the numbers in the report); the default subset keeps the suite fast.
 */
class CalibrationMethodsOracleTest {
    @Test
    void everyMethodProducesAWorkingModelAndTheComparisonIsReported() throws Exception {
        boolean full = "full".equals(System.getenv("EDGETL_CALIBRATION_EXPERIMENT"));
        TfliteModel model = ModelReader.read(Fixtures.model(TestData.MOBILENET));
        List<float[]> calibration = TestData.hymenoptera("train", full ? 3 : 12);
        List<float[]> eval = TestData.hymenoptera("val", full ? 1 : 5);
        Map<Integer, TensorStats> stats;
        try (OracleRecorder rec = new OracleRecorder(model)) {
            stats = Calibrator.collect(rec, calibration, true, n -> {});
        }
        byte[] floatBytes = new byte[model.bytes().limit()];
        model.bytes().duplicate().get(floatBytes);
        int[] floatTop1 = top1(floatBytes, eval);
        Map<RangeMethod, Double> agreement = new EnumMap<>(RangeMethod.class);
        for (RangeMethod m : RangeMethod.values()) {
            Map<Integer, TensorRange> ranges = Calibrator.ranges(stats, m);
            byte[] q = Int8Quantizer.quantize(model, ranges, Int8Options.defaults());
            int[] t = top1(q, eval);
            int same = 0;
            for (int k = 0; k < t.length; k++) {
                same += t[k] == floatTop1[k] ? 1 : 0;
            }
            agreement.put(m, same / (double) t.length);
        }
        System.out.println("calibration methods (" + calibration.size() + " calibration, " + eval.size()
                + " eval images): " + agreement);
        assertThat(agreement.values()).allSatisfy(a -> assertThat(a).isGreaterThan(0.3));
    }

    private static int[] top1(byte[] model, List<float[]> inputs) throws Exception {
        int[] r = new int[inputs.size()];
        try (TfliteOracle o = TfliteOracle.load(model)) {
            for (int k = 0; k < r.length; k++) {
                r[k] = TestData.argmax(OracleRecorder.floats(o.run(OracleRecorder.floatBytes(inputs.get(k))).get(0)));
            }
        }
        return r;
    }
}
