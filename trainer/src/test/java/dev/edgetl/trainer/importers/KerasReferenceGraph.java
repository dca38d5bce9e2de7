package dev.edgetl.trainer.importers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.PadOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;

/**
 * A reference for the Keras importer that shares no code with it and does not involve DJL: the Keras model's
 * layers, one TFLite op (or two) per layer, built straight from the HDF5 arrays, run by the real TFLite 2.21.
 * ZeroPadding2D -> PAD, Conv2D/DepthwiseConv2D -> CONV_2D/DEPTHWISE_CONV_2D with the layer's own padding
 * ("same"/"valid") and strides, BatchNormalization -> MUL + ADD (inference formula, not folded into the conv),
 * ReLU(6) -> RELU6, GlobalAveragePooling2D -> MEAN, the 1x1 {@code conv_preds} -> CONV_2D with bias, Reshape ->
 * RESHAPE. Output: the logits (the final softmax is left out). Covers the layer types of keras.applications.MobileNet.
 */
final class KerasReferenceGraph {
    private KerasReferenceGraph() {}

    static byte[] build(Path file) throws Exception {
        try (HdfFile h5 = new HdfFile(file)) {
            JsonNode layers = new ObjectMapper().readTree((String) h5.getAttribute("model_config").getData())
                    .path("config").path("layers");
            ModelBuilder b = new ModelBuilder("keras reference " + file.getFileName());
            int x = -1;
            int[] shape = null; // NHWC
            for (JsonNode layer : layers) {
                String cls = layer.path("class_name").asText();
                JsonNode c = layer.path("config");
                String name = c.path("name").asText();
                switch (cls) {
                    case "InputLayer" -> {
                        shape = new int[] {1, c.path("batch_input_shape").get(1).asInt(),
                            c.path("batch_input_shape").get(2).asInt(), 3};
                        x = b.tensor("input", DType.FLOAT32, shape, Quantization.NONE);
                        b.inputs(x);
                    }
                    case "ZeroPadding2D" -> {
                        JsonNode p = c.path("padding");
                        int[] pads = {0, 0, p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(),
                            p.get(1).get(1).asInt(), 0, 0};
                        int pi = b.constantInt32(name + "/paddings", new int[] {4, 2}, pads, Quantization.NONE);
                        shape = new int[] {1, shape[1] + pads[2] + pads[3], shape[2] + pads[4] + pads[5], shape[3]};
                        int y = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
                        b.op(BuiltinOperator.PAD, new int[] {x, pi}, new int[] {y}, BuiltinOptions.PadOptions, new PadOptionsT());
                        x = y;
                    }
                    case "Conv2D", "DepthwiseConv2D" -> {
                        boolean dw = cls.equals("DepthwiseConv2D");
                        Dataset kd = (Dataset) h5.getByPath("model_weights/" + name + "/" + name
                                + (dw ? "/depthwise_kernel:0" : "/kernel:0"));
                        int[] kdims = kd.getDimensions(); // H, W, I, O  or  H, W, C, 1
                        float[] k = (float[]) kd.getDataFlat();
                        int kh = kdims[0], kw = kdims[1], ci = kdims[2];
                        int co = dw ? ci : kdims[3];
                        int s = c.path("strides").get(0).asInt();
                        boolean same = c.path("padding").asText().equals("same");
                        int oh = same ? (shape[1] + s - 1) / s : (shape[1] - kh) / s + 1;
                        int ow = same ? (shape[2] + s - 1) / s : (shape[2] - kw) / s + 1;
                        float[] bias = c.path("use_bias").asBoolean()
                                ? (float[]) ((Dataset) h5.getByPath("model_weights/" + name + "/" + name + "/bias:0")).getDataFlat()
                                : new float[co];
                        int bi = b.constant(name + "/bias", new int[] {co}, bias);
                        shape = new int[] {1, oh, ow, co};
                        int y = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
                        byte pad = same ? org.tensorflow.lite.schema.Padding.SAME : org.tensorflow.lite.schema.Padding.VALID;
                        if (dw) {
                            // [H,W,C,1] and TFLite's [1,H,W,C] are the same bytes
                            int fi = b.constant(name + "/filter", new int[] {1, kh, kw, ci}, k);
                            DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
                            o.setPadding(pad);
                            o.setStrideH(s);
                            o.setStrideW(s);
                            o.setDepthMultiplier(1);
                            o.setDilationHFactor(1);
                            o.setDilationWFactor(1);
                            o.setFusedActivationFunction(ActivationFunctionType.NONE);
                            b.op(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x, fi, bi}, new int[] {y},
                                    BuiltinOptions.DepthwiseConv2DOptions, o);
                        } else {
                            float[] ohwi = new float[k.length];
                            for (int yy = 0; yy < kh; yy++) {
                                for (int xx = 0; xx < kw; xx++) {
                                    for (int i = 0; i < ci; i++) {
                                        for (int o = 0; o < co; o++) {
                                            ohwi[((o * kh + yy) * kw + xx) * ci + i] = k[((yy * kw + xx) * ci + i) * co + o];
                                        }
                                    }
                                }
                            }
                            int fi = b.constant(name + "/filter", new int[] {co, kh, kw, ci}, ohwi);
                            Conv2DOptionsT o = new Conv2DOptionsT();
                            o.setPadding(pad);
                            o.setStrideH(s);
                            o.setStrideW(s);
                            o.setDilationHFactor(1);
                            o.setDilationWFactor(1);
                            o.setFusedActivationFunction(ActivationFunctionType.NONE);
                            b.op(BuiltinOperator.CONV_2D, new int[] {x, fi, bi}, new int[] {y}, BuiltinOptions.Conv2DOptions, o);
                        }
                        x = y;
                    }
                    case "BatchNormalization" -> {
                        String g = "model_weights/" + name + "/" + name + "/";
                        float[] gamma = (float[]) ((Dataset) h5.getByPath(g + "gamma:0")).getDataFlat();
                        float[] beta = (float[]) ((Dataset) h5.getByPath(g + "beta:0")).getDataFlat();
                        float[] mean = (float[]) ((Dataset) h5.getByPath(g + "moving_mean:0")).getDataFlat();
                        float[] var = (float[]) ((Dataset) h5.getByPath(g + "moving_variance:0")).getDataFlat();
                        double eps = c.path("epsilon").asDouble();
                        int n = gamma.length;
                        float[] scale = new float[n];
                        float[] shift = new float[n];
                        for (int i = 0; i < n; i++) {
                            scale[i] = (float) (gamma[i] / Math.sqrt(var[i] + eps));
                            shift[i] = (float) (beta[i] - mean[i] * (double) scale[i]);
                        }
                        int si = b.constant(name + "/scale", new int[] {n}, scale);
                        int hi = b.constant(name + "/shift", new int[] {n}, shift);
                        int t = b.tensor(name + "/scaled", DType.FLOAT32, shape, Quantization.NONE);
                        org.tensorflow.lite.schema.MulOptionsT mo = new org.tensorflow.lite.schema.MulOptionsT();
                        b.op(BuiltinOperator.MUL, new int[] {x, si}, new int[] {t}, BuiltinOptions.MulOptions, mo);
                        int y = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
                        org.tensorflow.lite.schema.AddOptionsT ao = new org.tensorflow.lite.schema.AddOptionsT();
                        b.op(BuiltinOperator.ADD, new int[] {t, hi}, new int[] {y}, BuiltinOptions.AddOptions, ao);
                        x = y;
                    }
                    case "ReLU" -> {
                        if (c.path("max_value").asDouble() != 6.0) {
                            throw new IllegalArgumentException(name + ": only ReLU6 in this reference");
                        }
                        int y = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
                        b.op(BuiltinOperator.RELU6, new int[] {x}, new int[] {y}, BuiltinOptions.NONE, null);
                        x = y;
                    }
                    case "GlobalAveragePooling2D" -> {
                        int ax = b.constantInt32(name + "/axes", new int[] {2}, new int[] {1, 2}, Quantization.NONE);
                        shape = new int[] {1, 1, 1, shape[3]};
                        int y = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
                        ReducerOptionsT ro = new ReducerOptionsT();
                        ro.setKeepDims(true);
                        b.op(BuiltinOperator.MEAN, new int[] {x, ax}, new int[] {y}, BuiltinOptions.ReducerOptions, ro);
                        x = y;
                    }
                    case "Dropout", "Activation" -> {
                        // identity at inference; the final softmax is left out: the reference outputs logits
                    }
                    case "Reshape" -> {
                        int n = shape[1] * shape[2] * shape[3];
                        int si = b.constantInt32(name + "/shape", new int[] {2}, new int[] {1, n}, Quantization.NONE);
                        shape = new int[] {1, n};
                        int y = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
                        ReshapeOptionsT ro = new ReshapeOptionsT();
                        ro.setNewShape(new int[] {1, n});
                        b.op(BuiltinOperator.RESHAPE, new int[] {x, si}, new int[] {y}, BuiltinOptions.ReshapeOptions, ro);
                        x = y;
                    }
                    default -> throw new IllegalArgumentException(name + ": layer type " + cls + " not in this reference");
                }
            }
            b.outputs(x);
            return b.build();
        }
    }
}
