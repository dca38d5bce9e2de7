package dev.edgetl.compressor.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.compressor.OracleRecorder;
import dev.edgetl.compressor.calibrate.Calibrator;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.OpResolver;
import dev.edgetl.runtime.kernels.BuiltinKernels;
import dev.edgetl.runtime.testing.OracleCheck;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;

/**
 * A small graph with the ops MobileNetV1 lacks (FULLY_CONNECTED, CONCATENATION of differently scaled inputs, ADD
 * with a constant, MAX_POOL, RESHAPE, LOGISTIC, two outputs): every variant loads and runs in real TFLite, the
 * quantization rules hold, and edge-runtime gives TFLite's bytes where it has the kernels.
 */
class SyntheticGraphOracleTest {
    static float[] random(Random r, int n, float scale) {
        float[] f = new float[n];
        for (int k = 0; k < n; k++) {
            f[k] = (float) r.nextGaussian() * scale;
        }
        return f;
    }

    static byte[] graph(boolean withLogistic) {
        Random r = new Random(3);
        ModelBuilder b = new ModelBuilder("synthetic");
        int x = b.tensor("x", DType.FLOAT32, new int[] {1, 8, 8, 3}, Quantization.NONE);
        int w1 = b.constant("conv/w", new int[] {4, 3, 3, 3}, random(r, 108, 0.3f));
        int b1 = b.constant("conv/b", new int[] {4}, random(r, 4, 0.1f));
        int c1 = b.tensor("conv", DType.FLOAT32, new int[] {1, 8, 8, 4}, Quantization.NONE);
        Conv2DOptionsT co = new Conv2DOptionsT();
        co.setPadding(Padding.SAME);
        co.setStrideW(1);
        co.setStrideH(1);
        co.setFusedActivationFunction(ActivationFunctionType.RELU);
        b.op(BuiltinOperator.CONV_2D, new int[] {x, w1, b1}, new int[] {c1}, BuiltinOptions.Conv2DOptions, co);
        int w2 = b.constant("dw/w", new int[] {1, 3, 3, 4}, random(r, 36, 2f));
        int b2 = b.constant("dw/b", new int[] {4}, random(r, 4, 0.5f));
        int d1 = b.tensor("dw", DType.FLOAT32, new int[] {1, 8, 8, 4}, Quantization.NONE);
        DepthwiseConv2DOptionsT dwo = new DepthwiseConv2DOptionsT();
        dwo.setPadding(Padding.SAME);
        dwo.setStrideW(1);
        dwo.setStrideH(1);
        dwo.setDepthMultiplier(1);
        b.op(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {c1, w2, b2}, new int[] {d1}, BuiltinOptions.DepthwiseConv2DOptions, dwo);
        int cat = b.tensor("concat", DType.FLOAT32, new int[] {1, 8, 8, 8}, Quantization.NONE);
        ConcatenationOptionsT cto = new ConcatenationOptionsT();
        cto.setAxis(3);
        b.op(BuiltinOperator.CONCATENATION, new int[] {c1, d1}, new int[] {cat}, BuiltinOptions.ConcatenationOptions, cto);
        int k = b.constant("add/k", new int[] {8}, random(r, 8, 1f));
        int a1 = b.tensor("add", DType.FLOAT32, new int[] {1, 8, 8, 8}, Quantization.NONE);
        b.op(BuiltinOperator.ADD, 2, new int[] {cat, k}, new int[] {a1}, BuiltinOptions.AddOptions, new AddOptionsT());
        int p = b.tensor("pool", DType.FLOAT32, new int[] {1, 4, 4, 8}, Quantization.NONE);
        Pool2DOptionsT po = new Pool2DOptionsT();
        po.setPadding(Padding.VALID);
        po.setStrideW(2);
        po.setStrideH(2);
        po.setFilterWidth(2);
        po.setFilterHeight(2);
        b.op(BuiltinOperator.MAX_POOL_2D, new int[] {a1}, new int[] {p}, BuiltinOptions.Pool2DOptions, po);
        int shape = b.constantInt32("shape", new int[] {2}, new int[] {1, 128}, Quantization.NONE);
        int rs = b.tensor("reshape", DType.FLOAT32, new int[] {1, 128}, Quantization.NONE);
        ReshapeOptionsT ro = new ReshapeOptionsT();
        ro.setNewShape(new int[] {1, 128});
        b.op(BuiltinOperator.RESHAPE, new int[] {p, shape}, new int[] {rs}, BuiltinOptions.ReshapeOptions, ro);
        int w3 = b.constant("fc/w", new int[] {10, 128}, random(r, 1280, 0.1f));
        int b3 = b.constant("fc/b", new int[] {10}, random(r, 10, 0.1f));
        int fc = b.tensor("fc", DType.FLOAT32, new int[] {1, 10}, Quantization.NONE);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {rs, w3, b3}, new int[] {fc}, BuiltinOptions.FullyConnectedOptions,
                new FullyConnectedOptionsT());
        int sig = -1;
        if (withLogistic) {
            sig = b.tensor("logistic", DType.FLOAT32, new int[] {1, 10}, Quantization.NONE);
            b.op(BuiltinOperator.LOGISTIC, new int[] {fc}, new int[] {sig}, BuiltinOptions.NONE, null);
        }
        int sm = b.tensor("softmax", DType.FLOAT32, new int[] {1, 10}, Quantization.NONE);
        SoftmaxOptionsT so = new SoftmaxOptionsT();
        so.setBeta(1f);
        b.op(BuiltinOperator.SOFTMAX, new int[] {fc}, new int[] {sm}, BuiltinOptions.SoftmaxOptions, so);
        return withLogistic ? b.inputs(x).outputs(sig, sm).build() : b.inputs(x).outputs(sm).build();
    }

    @Test
    void everyVariantOfAMixedGraphRunsInTflite() throws Exception {
        TfliteModel model = ModelReader.read(graph(true), "synthetic");
        Random rnd = new Random(11);
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(random(rnd, 192, 1f));
        }
        Map<Integer, TensorRange> ranges;
        try (OracleRecorder rec = new OracleRecorder(model)) {
            ranges = Calibrator.ranges(Calibrator.collect(rec, inputs, true, n -> {}), RangeMethod.MINMAX);
        }
        byte[] dyn = DynamicRangeQuantizer.quantize(model, DynamicRangeQuantizer.Options.defaults());
        TfliteModel d = ModelReader.read(dyn, "dynamic");
        OperatorSpec fcOp = d.operators().stream().filter(o -> o.builtinCode() == BuiltinOperator.FULLY_CONNECTED).findFirst().orElseThrow();
        assertThat(d.tensor(fcOp.inputs()[1]).dtype()).isEqualTo(DType.INT8);
        assertThat(d.tensor(fcOp.inputs()[1]).quantization().scales()).hasSize(10);
        // Conv (108 weights) and depthwise (36) stay float below TFLite's 1024-element threshold.
        assertThat(d.tensor(d.operators().get(0).inputs()[1]).dtype()).isEqualTo(DType.FLOAT32);

        byte[] int8 = Int8Quantizer.quantize(model, ranges, Int8Options.defaults().withIo(Int8Options.IoType.INT8));
        TfliteModel q = ModelReader.read(int8, "int8");
        for (OperatorSpec op : q.operators()) {
            if (op.builtinCode() == BuiltinOperator.CONCATENATION) {
                Quantization out = q.tensor(op.outputs()[0]).quantization();
                for (int in : op.inputs()) {
                    assertThat(q.tensor(in).quantization()).as("concat input").isEqualTo(out);
                }
            }
            if (op.builtinCode() == BuiltinOperator.LOGISTIC || op.builtinCode() == BuiltinOperator.SOFTMAX) {
                assertThat(q.tensor(op.outputs()[0]).quantization()).isEqualTo(Quantization.perTensor(1f / 256, -128));
            }
            if (op.builtinCode() == BuiltinOperator.MAX_POOL_2D || op.builtinCode() == BuiltinOperator.RESHAPE) {
                assertThat(q.tensor(op.outputs()[0]).quantization()).isEqualTo(q.tensor(op.inputs()[0]).quantization());
            }
            if (op.builtinCode() == BuiltinOperator.FULLY_CONNECTED) {
                TensorSpec bias = q.tensor(op.inputs()[2]);
                assertThat(bias.dtype()).isEqualTo(DType.INT32);
                assertThat(op.version()).isEqualTo(4);
            }
        }
        // The requantization QUANTIZE in front of the concatenation (inputs had other scales).
        assertThat(q.operators().stream().filter(o -> o.builtinCode() == BuiltinOperator.QUANTIZE).count()).isGreaterThanOrEqualTo(1);

        byte[][] variants = {Fp16Quantizer.quantize(model), dyn, int8,
                Int8Quantizer.quantize(model, ranges, Int8Options.defaults()),
                Int8Quantizer.quantize(model, ranges, Int8Options.defaults().withPerChannel(false).withIo(Int8Options.IoType.UINT8)),
                Int8Quantizer.quantize(model, ranges, Int8Options.defaults().withKeepFloat(Set.of(2, 6)))};
        String[] names = {"fp16", "dynamic", "int8", "int8 float-io", "int8 per-tensor uint8-io", "int8 concat+fc float"};
        float[] floatOut;
        try (TfliteOracle o = TfliteOracle.load(graph(true))) {
            floatOut = OracleRecorder.floats(o.run(OracleRecorder.floatBytes(inputs.get(0))).get(1));
        }
        OpResolver ops = BuiltinKernels.all();
        for (int v = 0; v < variants.length; v++) {
            TfliteModel m = ModelReader.read(variants[v], names[v]);
            TensorSpec in = m.input(0);
            byte[] x;
            if (in.dtype() == DType.FLOAT32) {
                x = OracleRecorder.floatBytes(inputs.get(0));
            } else {
                x = new byte[192];
                dev.edgetl.compressor.evaluate.Quantize.into(inputs.get(0), in.dtype(), in.quantization().scale(),
                        in.quantization().zeroPoint(), x, 0);
            }
            float[] softmax;
            try (TfliteOracle o = TfliteOracle.load(variants[v])) {
                byte[] y = o.run(x).get(1);
                TensorSpec out = m.output(1);
                softmax = new float[10];
                for (int j = 0; j < 10; j++) {
                    softmax[j] = out.dtype() == DType.FLOAT32 ? OracleRecorder.floats(y)[j]
                            : out.quantization().scale() * ((out.dtype() == DType.UINT8 ? y[j] & 0xFF : y[j]) - out.quantization().zeroPoint());
                }
            }
            for (int j = 0; j < 10; j++) {
                assertThat(softmax[j]).as(names[v] + " softmax[" + j + "]").isCloseTo(floatOut[j], org.assertj.core.data.Offset.offset(0.08f));
            }
            boolean supported = m.operators().stream().allMatch(o -> ops.supports(o.builtinCode()));
            if (supported && in.dtype() != DType.FLOAT32) {
                OracleCheck.run(variants[v], List.of(x), InterpreterOptions.defaults()).assertMatches(0f, names[v] + " on edge-runtime");
            } else if (!supported) {
                System.out.println(names[v] + ": edge-runtime lacks a kernel, checked in TFLite only");
            }
        }
    }

    /** Without LOGISTIC every op has an edge-runtime kernel: the int8 variants must give TFLite's bytes. */
    @Test
    void integerVariantsAreByteExactOnEdgeRuntime() throws Exception {
        TfliteModel model = ModelReader.read(graph(false), "synthetic without logistic");
        Random rnd = new Random(5);
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(random(rnd, 192, 1f));
        }
        Map<Integer, TensorRange> ranges;
        try (OracleRecorder rec = new OracleRecorder(model)) {
            ranges = Calibrator.ranges(Calibrator.collect(rec, inputs, false, n -> {}), RangeMethod.MINMAX);
        }
        for (Int8Options o : new Int8Options[] {Int8Options.defaults().withIo(Int8Options.IoType.INT8),
                Int8Options.defaults().withIo(Int8Options.IoType.UINT8).withPerChannel(false)}) {
            byte[] q = Int8Quantizer.quantize(model, ranges, o);
            for (int seed = 0; seed < 3; seed++) {
                OracleCheck.run(q, seed, InterpreterOptions.defaults()).assertMatches(0f, "synthetic " + o);
            }
        }
    }
}
