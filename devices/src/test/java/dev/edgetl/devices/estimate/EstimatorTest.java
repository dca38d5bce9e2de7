package dev.edgetl.devices.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;

class EstimatorTest {
    /** conv 3x3, 8 -> 16 channels on 1x10x10x8 (SAME, stride 1), then FC 1600 -> 10. */
    static TfliteModel smallModel() {
        ModelBuilder b = new ModelBuilder("small");
        int in = b.tensor("in", DType.FLOAT32, new int[] {1, 10, 10, 8}, null);
        int w = b.constant("w", new int[] {16, 3, 3, 8}, new float[16 * 3 * 3 * 8]);
        int bias = b.constant("b", new int[] {16}, new float[16]);
        int conv = b.tensor("conv", DType.FLOAT32, new int[] {1, 10, 10, 16}, null);
        Conv2DOptionsT co = new Conv2DOptionsT();
        co.setPadding((byte) 0);
        co.setStrideW(1);
        co.setStrideH(1);
        b.op(BuiltinOperator.CONV_2D, new int[] {in, w, bias}, new int[] {conv}, BuiltinOptions.Conv2DOptions, co);
        int flat = b.tensor("flat", DType.FLOAT32, new int[] {1, 1600}, null);
        int shape = b.constantInt32("shape", new int[] {2}, new int[] {1, 1600}, null);
        b.op(BuiltinOperator.RESHAPE, new int[] {conv, shape}, new int[] {flat}, (byte) 0, null);
        int fw = b.constant("fw", new int[] {10, 1600}, new float[10 * 1600]);
        int out = b.tensor("out", DType.FLOAT32, new int[] {1, 10}, null);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {flat, fw, -1}, new int[] {out}, BuiltinOptions.FullyConnectedOptions, new FullyConnectedOptionsT());
        b.inputs(in);
        b.outputs(out);
        return ModelReader.read(b.build(), "small");
    }

    @Test
    void macsAndBytesFollowTheShapes() {
        ModelCost cost = ModelCost.of(smallModel());
        assertThat(cost.ops()).extracting(OpCost::op).containsExactly("CONV_2D", "RESHAPE", "FULLY_CONNECTED");
        assertThat(cost.ops().get(0).macs()).isEqualTo(10L * 10 * 16 * 3 * 3 * 8);
        assertThat(cost.ops().get(1).macs()).isZero();
        assertThat(cost.ops().get(2).macs()).isEqualTo(10L * 1600);
        // reshape reads conv (6400 B) + shape (8 B) and writes flat (6400 B)
        assertThat(cost.ops().get(1).bytes()).isEqualTo(6400 + 8 + 6400);
        assertThat(cost.int8Macs()).isZero();
        assertThat(cost.weightBytes()).isEqualTo((16 * 72 + 16 + 16000) * 4L + 8);
        // at the reshape, conv and flat are live: 12800 B; at the conv, in (3200) + conv (6400)
        assertThat(cost.peakActivationBytes()).isEqualTo(12800);
    }

    @Test
    void latencyIsMacsOverCalibratedRatePlusMemoryTime() {
        ProfileCatalog catalog = ProfileCatalog.builtin();
        DeviceProfile pi4 = catalog.get("raspberry-pi-4");
        // one point on the Pi 4 itself: 7.2 GMAC/s achieved of 1.8 GHz * 4 = 7.2 peak -> efficiency 1.0
        CalibrationPoint p = new CalibrationPoint("r", "raspberry-pi-4", "m", "float", 7.2e9, "test", 1, 1000, null, null, null, "test");
        Estimator est = new Estimator(catalog, new Calibration(List.of(p)));
        ModelCost cost = ModelCost.of(smallModel());
        Estimate e = est.estimate(cost, pi4, "r", 1);
        double computeMs = cost.totalMacs() / 7.2e9 * 1e3;
        double memMs = cost.memoryBoundBytes() / (12.8e9 * Estimator.MEMORY_EFFICIENCY) * 1e3;
        assertThat(e.latencyMs()).isCloseTo(computeMs + memMs, within(1e-9));
        // a single point on the same device: band x/÷ SINGLE_POINT_FACTOR (memory part x/÷2)
        assertThat(e.latencyLowMs()).isCloseTo(computeMs / 1.5 + memMs / 2, within(1e-9));
        assertThat(e.latencyHighMs()).isCloseTo(computeMs * 1.5 + memMs * 2, within(1e-9));
        assertThat(e.latencyText()).startsWith("estimate ");
        assertThat(e.memoryText()).startsWith("estimate ");
        // two threads add 0.8 of a core
        Estimate two = est.estimate(cost, pi4, "r", 2);
        assertThat(two.latencyMs() - memMs).isCloseTo(computeMs / 1.8, within(1e-9));
        // more threads than cores are capped, with a note
        assertThat(est.estimate(cost, pi4, "r", 16).threads()).isEqualTo(4);
    }

    @Test
    void bandSpansTheCalibrationSpreadAndWidensAcrossDevices() {
        ProfileCatalog catalog = ProfileCatalog.builtin();
        CalibrationPoint a = new CalibrationPoint("r", "raspberry-pi-4", "a", "float", 7.2e9, "t", 1, 1000, null, null, null, "t"); // eff 1.0
        CalibrationPoint b = new CalibrationPoint("r", "raspberry-pi-4", "b", "float", 7.2e9, "t", 1, 4000, null, null, null, "t"); // eff 0.25
        Estimator est = new Estimator(catalog, new Calibration(List.of(a, b)));
        ModelCost cost = ModelCost.of(smallModel());
        double compute = cost.totalMacs() / (7.2e9 * 0.5) * 1e3; // geometric mean efficiency 0.5
        double mem = cost.memoryBoundBytes() / (12.8e9 * 0.5) * 1e3;
        Estimate onPi4 = est.estimate(cost, catalog.get("raspberry-pi-4"), "r", 1);
        assertThat(onPi4.latencyMs()).isCloseTo(compute + mem, within(1e-9));
        assertThat(onPi4.latencyLowMs()).isCloseTo(compute * 0.5 + mem / 2, within(1e-9));
        assertThat(onPi4.latencyHighMs()).isCloseTo(compute * 2 + mem * 2, within(1e-9));
        Estimate onPi5 = est.estimate(cost, catalog.get("raspberry-pi-5"), "r", 1);
        assertThat(onPi5.latencyHighMs() / onPi5.latencyMs()).isGreaterThan(2.9); // 2 * 1.5 on the compute part
        assertThat(onPi5.compare(onPi5.latencyMs())).contains("within the estimate's band");
        assertThat(onPi5.compare(onPi5.latencyHighMs() * 3)).contains("above the estimate's band");
    }

    @Test
    void clockBasisScalesWithTheClockNotTheSimdPeak() {
        ProfileCatalog catalog = ProfileCatalog.builtin();
        // 1.8 GMAC/s on a 1.8 GHz Pi 4 = 1 MAC per cycle
        CalibrationPoint p = new CalibrationPoint("java", "raspberry-pi-4", "m", "int8", 1.8e9, "t", 1, 1000, null, null, "clock", "t");
        Estimator est = new Estimator(catalog, new Calibration(List.of(p)));
        ModelCost cost = ModelCost.of(smallModel());
        double mem = cost.memoryBoundBytes() / (17.1e9 * 0.5) * 1e3;
        // the small model is float: no float point -> error; use int8 by checking the float path errors clearly
        assertThatThrownBy(() -> est.estimate(cost, catalog.get("raspberry-pi-5"), "java", 1)).hasMessageContaining("on float");
        CalibrationPoint f = new CalibrationPoint("java", "raspberry-pi-4", "m", "float", 1.8e9, "t", 1, 1000, null, null, "clock", "t");
        Estimate e = new Estimator(catalog, new Calibration(List.of(f))).estimate(cost, catalog.get("raspberry-pi-5"), "java", 1);
        // Pi 5 at 2.4 GHz, 1 MAC/cycle: 2.4 GMAC/s whatever its SIMD width
        assertThat(e.latencyMs()).isCloseTo(cost.totalMacs() / 2.4e9 * 1e3 + mem, within(1e-9));
        assertThat(e.basis().get(0)).contains("1.00 MAC/cycle");
    }

    @Test
    void missingCalibrationIsAClearError() {
        ProfileCatalog catalog = ProfileCatalog.builtin();
        Estimator est = new Estimator(catalog, new Calibration(List.of()));
        assertThatThrownBy(() -> est.estimate(ModelCost.of(smallModel()), catalog.get("raspberry-pi-4"), "edgetl", 1))
                .hasMessageContaining("no calibration measurement for runtime 'edgetl' on float");
    }

    @Test
    void fixtureMobileNetsMatchThePublishedMultAddCounts() throws Exception {
        // MobileNetV2 paper: 300 M multiply-adds; MobileNets paper: 0.25 MobileNet-224, 41 M
        ModelCost v2 = ModelCost.of(ModelReader.read(Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")));
        assertThat(v2.totalMacs() / 1e6).isBetween(295.0, 310.0);
        assertThat(v2.dominantDtype()).isEqualTo("int8");
        ModelCost v1 = ModelCost.of(ModelReader.read(Fixtures.model("mobilenet_v1_0.25_224_float.tflite")));
        assertThat(v1.totalMacs() / 1e6).isBetween(40.0, 42.5);
        assertThat(v1.dominantDtype()).isEqualTo("float");
        // the built-in calibration gives a finite band around a Pi 4 estimate, labelled an estimate
        ProfileCatalog catalog = ProfileCatalog.builtin();
        Estimate e = new Estimator(catalog, Calibration.builtin()).estimate(v2, catalog.get("raspberry-pi-4"), "tflite", 1);
        assertThat(e.latencyLowMs()).isLessThan(e.latencyMs());
        assertThat(e.latencyHighMs()).isGreaterThan(e.latencyMs());
        assertThat(e.basis()).anyMatch(s -> s.contains("Pixel 2"));
    }
}
