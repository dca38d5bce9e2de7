package dev.edgetl.runtime.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.OpResolver;
import dev.edgetl.runtime.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.Padding;

class ModelSummaryTest {
    @Test
    void countsMacsPerOpOnABuiltModel() {
        ModelBuilder b = new ModelBuilder("macs");
        int in = b.tensor("in", DType.FLOAT32, new int[] {1, 8, 8, 3}, Quantization.NONE);
        int w = b.constant("w", new int[] {4, 3, 3, 3}, new float[4 * 27]);
        int bias = b.constant("b", new int[] {4}, new float[4]);
        int c = b.tensor("conv", DType.FLOAT32, new int[] {1, 8, 8, 4}, Quantization.NONE);
        Conv2DOptionsT co = new Conv2DOptionsT();
        co.setPadding(Padding.SAME);
        co.setStrideH(1);
        co.setStrideW(1);
        b.op(BuiltinOperator.CONV_2D, new int[] {in, w, bias}, new int[] {c}, BuiltinOptions.Conv2DOptions, co);
        int dw = b.constant("dw", new int[] {1, 3, 3, 4}, new float[36]);
        int db = b.constant("db", new int[] {4}, new float[4]);
        int d = b.tensor("dw_out", DType.FLOAT32, new int[] {1, 4, 4, 4}, Quantization.NONE);
        DepthwiseConv2DOptionsT dwo = new DepthwiseConv2DOptionsT();
        dwo.setPadding(Padding.SAME);
        dwo.setStrideH(2);
        dwo.setStrideW(2);
        dwo.setDepthMultiplier(1);
        b.op(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {d == 0 ? 0 : c, dw, db}, new int[] {d}, BuiltinOptions.DepthwiseConv2DOptions, dwo);
        int r = b.tensor("flat", DType.FLOAT32, new int[] {1, 64}, Quantization.NONE);
        b.op(BuiltinOperator.RESHAPE, new int[] {d}, new int[] {r}, BuiltinOptions.NONE, null);
        int fw = b.constant("fw", new int[] {10, 64}, new float[640]);
        int fo = b.tensor("logits", DType.FLOAT32, new int[] {1, 10}, Quantization.NONE);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {r, fw, -1}, new int[] {fo}, BuiltinOptions.FullyConnectedOptions, new FullyConnectedOptionsT());
        b.inputs(in).outputs(fo);
        TfliteModel m = ModelReader.read(b.build(), "macs.tflite");

        ModelSummary s = ModelSummary.of(m, InterpreterOptions.defaults().withResolver(new OpResolver()));
        assertThat(s.ops()).hasSize(4);
        assertThat(s.ops().get(0).macs()).isEqualTo(256L * 27);
        assertThat(s.ops().get(0).weightBytes()).isEqualTo((4 * 27 + 4) * 4L);
        assertThat(s.ops().get(0).activationBytes()).isEqualTo((192 + 256) * 4L);
        assertThat(s.ops().get(1).macs()).isEqualTo(64L * 9);
        assertThat(s.ops().get(2).macs()).isZero();
        assertThat(s.ops().get(2).elementOps()).isEqualTo(64);
        assertThat(s.ops().get(3).macs()).isEqualTo(640);
        assertThat(s.totalMacs()).isEqualTo(256L * 27 + 64 * 9 + 640);
        assertThat(s.parameterCount()).isEqualTo(4 * 27 + 4 + 36 + 4 + 640);
        assertThat(s.opHistogram()).containsEntry("CONV_2D", 1).containsEntry("RESHAPE", 1).hasSize(4);
        // An empty resolver supports nothing: no interpreter, no arena, and the summary says why.
        assertThat(s.arenaBytes()).isEqualTo(-1);
        assertThat(s.arenaNote()).contains("not supported");
    }

    @Test
    void mobileNetTotalsMatchThePublishedFigures() throws Exception {
        ModelSummary v2 = ModelSummary.of(ModelReader.read(Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")), InterpreterOptions.defaults());
        // Published: 300 M multiply-adds, 3.47 M parameters (the TFLite file adds int32 biases and the 1001-way classifier).
        assertThat(v2.totalMacs()).isBetween(295_000_000L, 310_000_000L);
        assertThat(v2.parameterCount()).isBetween(3_400_000L, 3_600_000L);
        assertThat(v2.opHistogram()).containsEntry("DEPTHWISE_CONV_2D", 17);
        ModelSummary v1 = ModelSummary.of(ModelReader.read(Fixtures.model("mobilenet_v1_0.25_224_quant.tflite")), InterpreterOptions.defaults());
        // Published: 41 M multiply-adds, 0.47 M parameters.
        assertThat(v1.totalMacs()).isBetween(40_000_000L, 42_500_000L);
        assertThat(v1.parameterCount()).isBetween(450_000L, 500_000L);
    }
}
