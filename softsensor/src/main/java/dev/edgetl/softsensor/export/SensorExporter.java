package dev.edgetl.softsensor.export;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import dev.edgetl.softsensor.models.LstmLayer;
import ai.djl.util.Pair;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.softsensor.models.SensorNet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.UnidirectionalSequenceLSTMOptionsT;

/**
 * Writes a trained {@link SensorNet} as a float32 {@code .tflite} following the soft-sensor contract: input
 * {@code [1, L, F]} (scaled window), output {@code [1, T]} (scaled targets) or {@code [1, C]} (softmax
 * probabilities); the card JSON is embedded as metadata {@code edgetl.softsensor}.
 */
public final class SensorExporter {
    public static final String METADATA_NAME = "edgetl.softsensor";

    private SensorExporter() {}

    public static byte[] export(SensorNet net, boolean softmax, String cardJson) {
        int l = net.length;
        int f = net.features;
        ModelBuilder b = new ModelBuilder("edgetl soft sensor (" + net.arch.id() + ")");
        int input = b.tensor("window", DType.FLOAT32, new int[] {1, l, f}, Quantization.NONE);
        List<Block> layers = new ArrayList<>();
        collect(net.features(), layers);
        int x;
        int width;
        int[] stateTensors = null;
        switch (net.arch) {
            case MLP -> {
                x = reshape(b, input, new int[] {1, l * f}, "flatten");
                width = l * f;
                for (Block layer : layers) {
                    Linear lin = (Linear) layer;
                    x = dense(b, lin, x, width, true, "dense" + layers.indexOf(layer));
                    width = units(lin);
                }
            }
            case CNN1D -> {
                x = reshape(b, input, new int[] {1, 1, l, f}, "to_nhwc");
                int steps = l;
                int channels = f;
                int k = 0;
                for (Block layer : layers) {
                    if (layer instanceof Conv1d conv) {
                        float[] w = param(conv, "weight"); // [O, I, k]
                        float[] bias = param(conv, "bias");
                        int o = bias.length;
                        int ks = w.length / (o * channels);
                        float[] ohwi = new float[o * ks * channels];
                        for (int oc = 0; oc < o; oc++) {
                            for (int ic = 0; ic < channels; ic++) {
                                for (int j = 0; j < ks; j++) {
                                    ohwi[(oc * ks + j) * channels + ic] = w[(oc * channels + ic) * ks + j];
                                }
                            }
                        }
                        steps = steps - ks + 1;
                        int wi = b.constant("conv" + k + "/weights", new int[] {o, 1, ks, channels}, ohwi);
                        int bi = b.constant("conv" + k + "/bias", new int[] {o}, bias);
                        int out = b.tensor("conv" + k + "/relu", DType.FLOAT32, new int[] {1, 1, steps, o},
                                Quantization.NONE);
                        Conv2DOptionsT opt = new Conv2DOptionsT();
                        opt.setPadding(Padding.VALID);
                        opt.setStrideH(1);
                        opt.setStrideW(1);
                        opt.setDilationHFactor(1);
                        opt.setDilationWFactor(1);
                        opt.setFusedActivationFunction(ActivationFunctionType.RELU);
                        b.op(BuiltinOperator.CONV_2D, new int[] {x, wi, bi}, new int[] {out},
                                BuiltinOptions.Conv2DOptions, opt);
                        x = out;
                        channels = o;
                        k++;
                    }
                }
                // NHWC [1,1,L',C] flattens time-major, as the DJL network flattens [B,L',C].
                x = reshape(b, x, new int[] {1, steps * channels}, "flatten");
                width = steps * channels;
                for (Block layer : layers) {
                    if (layer instanceof Linear lin) {
                        x = dense(b, lin, x, width, true, "dense" + k++);
                        width = units(lin);
                    }
                }
            }
            case LSTM -> {
                LstmLayer lstm = (LstmLayer) layers.get(0);
                int h = lstm.cells();
                float[] wi = lstm.inputWeights().getArray().toFloatArray();
                float[] wh = lstm.recurrentWeights().getArray().toFloatArray();
                float[] bs = lstm.bias().getArray().toFloatArray();
                if (wi.length != 4 * h * f || wh.length != 4 * h * h || bs.length != 4 * h) {
                    throw new ExportException("LSTM weights do not fit " + h + " cells and " + f + " inputs");
                }
                int[] in = new int[24];
                java.util.Arrays.fill(in, -1);
                in[0] = input;
                String[] gate = {"input", "forget", "cell", "output"}; // LstmLayer's gate order is TFLite's
                for (int g = 0; g < 4; g++) {
                    in[1 + g] = b.constant("lstm/" + gate[g] + "_weights", new int[] {h, f},
                            java.util.Arrays.copyOfRange(wi, g * h * f, (g + 1) * h * f));
                    in[5 + g] = b.constant("lstm/recurrent_" + gate[g] + "_weights", new int[] {h, h},
                            java.util.Arrays.copyOfRange(wh, g * h * h, (g + 1) * h * h));
                    in[12 + g] = b.constant("lstm/" + gate[g] + "_bias", new int[] {h},
                            java.util.Arrays.copyOfRange(bs, g * h, (g + 1) * h));
                }
                in[18] = b.tensor("lstm/output_state", DType.FLOAT32, new int[] {1, h}, Quantization.NONE);
                in[19] = b.tensor("lstm/cell_state", DType.FLOAT32, new int[] {1, h}, Quantization.NONE);
                stateTensors = new int[] {in[18], in[19]};
                int seq = b.tensor("lstm/sequence", DType.FLOAT32, new int[] {1, l, h}, Quantization.NONE);
                UnidirectionalSequenceLSTMOptionsT opt = new UnidirectionalSequenceLSTMOptionsT();
                opt.setFusedActivationFunction(ActivationFunctionType.TANH);
                opt.setCellClip(0f);
                opt.setProjClip(0f);
                opt.setTimeMajor(false);
                b.op(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, in, new int[] {seq},
                        BuiltinOptions.UnidirectionalSequenceLSTMOptions, opt);
                int begin = b.constantInt32("last/begin", new int[] {3}, new int[] {0, l - 1, 0}, Quantization.NONE);
                int end = b.constantInt32("last/end", new int[] {3}, new int[] {1, l, h}, Quantization.NONE);
                int strides = b.constantInt32("last/strides", new int[] {3}, new int[] {1, 1, 1}, Quantization.NONE);
                x = b.tensor("lstm/last", DType.FLOAT32, new int[] {1, h}, Quantization.NONE);
                StridedSliceOptionsT so = new StridedSliceOptionsT();
                so.setShrinkAxisMask(2);
                b.op(BuiltinOperator.STRIDED_SLICE, new int[] {seq, begin, end, strides}, new int[] {x},
                        BuiltinOptions.StridedSliceOptions, so);
                width = h;
            }
            default -> throw new ExportException("unsupported architecture " + net.arch);
        }
        x = dense(b, net.head(), x, width, false, "head");
        int output = x;
        if (softmax) {
            output = b.tensor("probabilities", DType.FLOAT32, new int[] {1, net.outputs()}, Quantization.NONE);
            SoftmaxOptionsT so = new SoftmaxOptionsT();
            so.setBeta(1f);
            b.op(BuiltinOperator.SOFTMAX, new int[] {x}, new int[] {output}, BuiltinOptions.SoftmaxOptions, so);
        }
        b.inputs(input).outputs(output);
        if (cardJson != null) {
            b.metadata(METADATA_NAME, cardJson.getBytes(StandardCharsets.UTF_8));
        }
        ModelT model = b.toModelT();
        if (stateTensors != null) {
            // TFLite keeps LSTM state in variable tensors (is_variable, no buffer); ModelBuilder has no flag for it.
            TensorT[] tensors = model.getSubgraphs()[0].getTensors();
            for (int t : stateTensors) {
                tensors[t].setIsVariable(true);
            }
        }
        return ModelWriter.toBytes(model);
    }

    private static void collect(Block block, List<Block> out) {
        if (block instanceof Linear || block instanceof Conv1d || block instanceof LstmLayer) {
            out.add(block);
            return;
        }
        for (Pair<String, Block> c : block.getChildren()) {
            collect(c.getValue(), out);
        }
    }

    private static int reshape(ModelBuilder b, int x, int[] shape, String name) {
        int s = b.constantInt32(name + "/shape", new int[] {shape.length}, shape, Quantization.NONE);
        int out = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
        ReshapeOptionsT ro = new ReshapeOptionsT();
        ro.setNewShape(shape.clone());
        b.op(BuiltinOperator.RESHAPE, new int[] {x, s}, new int[] {out}, BuiltinOptions.ReshapeOptions, ro);
        return out;
    }

    private static int dense(ModelBuilder b, Linear lin, int x, int inWidth, boolean relu, String name) {
        float[] w = param(lin, "weight");
        float[] bias = param(lin, "bias");
        int units = bias.length;
        if (w.length != units * inWidth) {
            throw new ExportException(name + ": weight has " + w.length + " values, expected " + units + "x" + inWidth);
        }
        int wi = b.constant(name + "/weights", new int[] {units, inWidth}, w);
        int bi = b.constant(name + "/bias", new int[] {units}, bias);
        int out = b.tensor(name + (relu ? "/relu" : "/out"), DType.FLOAT32, new int[] {1, units}, Quantization.NONE);
        FullyConnectedOptionsT fo = new FullyConnectedOptionsT();
        fo.setFusedActivationFunction(relu ? ActivationFunctionType.RELU : ActivationFunctionType.NONE);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {x, wi, bi}, new int[] {out},
                BuiltinOptions.FullyConnectedOptions, fo);
        return out;
    }

    private static int units(Linear lin) {
        return param(lin, "bias").length;
    }

    private static float[] param(Block block, String name) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new ExportException("layer has no parameter '" + name + "'");
    }
}
