package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertMatchesOracle;
import static dev.edgetl.runtime.kernels.LayoutOpModels.constInts;
import static dev.edgetl.runtime.kernels.LayoutOpModels.quant;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.PadOptionsT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SplitOptionsT;
import org.tensorflow.lite.schema.SqueezeOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;
import org.tensorflow.lite.schema.TransposeOptionsT;

/**
 * Every layout kernel in one graph, shaped like a ShuffleNetV2 unit (channel split, branch, concatenation,
 * shuffle) followed by a SqueezeNet-like head: checks that the kernels compose over the planned arena.
 */
class LayoutChainOracleTest {
    enum Variant { FLOAT32_SPLIT, FLOAT32_SLICE, INT8_SPLIT, UINT8_SLICE }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void shuffleUnitMatchesTflite(Variant v) throws Exception {
        DType t = v.name().startsWith("FLOAT32") ? DType.FLOAT32 : v.name().startsWith("INT8") ? DType.INT8 : DType.UINT8;
        boolean slice = v.name().endsWith("SLICE");
        Quantization q = quant(t);
        ModelBuilder b = new ModelBuilder("shuffle unit");
        int x = b.tensor("x", t, new int[] {1, 8, 8, 16}, q);
        int left = b.tensor("left", t, new int[] {1, 8, 8, 8}, q);
        int right = b.tensor("right", t, new int[] {1, 8, 8, 8}, q);
        if (slice) {
            for (int half = 0; half < 2; half++) {
                StridedSliceOptionsT so = new StridedSliceOptionsT();
                int bg = b.constantInt32("begin" + half, new int[] {4}, new int[] {0, 0, 0, 8 * half}, Quantization.NONE);
                int en = b.constantInt32("end" + half, new int[] {4}, new int[] {1, 8, 8, 8 * half + 8}, Quantization.NONE);
                int st = b.constantInt32("strides" + half, new int[] {4}, new int[] {1, 1, 1, 1}, Quantization.NONE);
                b.op(BuiltinOperator.STRIDED_SLICE, new int[] {x, bg, en, st}, new int[] {half == 0 ? left : right},
                        BuiltinOptions.StridedSliceOptions, so);
            }
        } else {
            int axis = b.constantInt32("axis", new int[] {}, new int[] {3}, Quantization.NONE);
            SplitOptionsT so = new SplitOptionsT();
            so.setNumSplits(2);
            b.op(BuiltinOperator.SPLIT, new int[] {axis, x}, new int[] {left, right}, BuiltinOptions.SplitOptions, so);
        }
        int pooled = b.tensor("pooled", t, new int[] {1, 8, 8, 8}, q);
        b.op(BuiltinOperator.MAX_POOL_2D, new int[] {right}, new int[] {pooled}, BuiltinOptions.Pool2DOptions,
                pool(3, 1, Padding.SAME));
        int cat = b.tensor("cat", t, new int[] {1, 8, 8, 16}, q);
        ConcatenationOptionsT co = new ConcatenationOptionsT();
        co.setAxis(-1);
        b.op(BuiltinOperator.CONCATENATION, new int[] {left, pooled}, new int[] {cat},
                BuiltinOptions.ConcatenationOptions, co);
        int groups = b.tensor("groups", t, new int[] {1, 8, 8, 2, 8}, q);
        ReshapeOptionsT r1 = new ReshapeOptionsT();
        r1.setNewShape(new int[] {1, 8, 8, 2, 8});
        b.op(BuiltinOperator.RESHAPE, new int[] {cat}, new int[] {groups}, BuiltinOptions.ReshapeOptions, r1);
        int perm = b.constantInt32("perm", new int[] {5}, new int[] {0, 1, 2, 4, 3}, Quantization.NONE);
        int shuffled = b.tensor("shuffled", t, new int[] {1, 8, 8, 8, 2}, q);
        b.op(BuiltinOperator.TRANSPOSE, new int[] {groups, perm}, new int[] {shuffled},
                BuiltinOptions.TransposeOptions, new TransposeOptionsT());
        int shape = b.constantInt32("shape", new int[] {4}, new int[] {1, 8, 8, -1}, Quantization.NONE);
        int flat = b.tensor("flat", t, new int[] {1, 8, 8, 16}, q);
        b.op(BuiltinOperator.RESHAPE, new int[] {shuffled, shape}, new int[] {flat}, BuiltinOptions.ReshapeOptions,
                new ReshapeOptionsT());
        int pads = constInts(b, "paddings", new int[] {4, 2}, new int[] {0, 0, 1, 1, 1, 1, 0, 0}, DType.INT64);
        int padded = b.tensor("padded", t, new int[] {1, 10, 10, 16}, q);
        b.op(BuiltinOperator.PAD, new int[] {flat, pads}, new int[] {padded}, BuiltinOptions.PadOptions,
                new PadOptionsT());
        int avg = b.tensor("avg", t, new int[] {1, 4, 4, 16}, q);
        b.op(BuiltinOperator.AVERAGE_POOL_2D, new int[] {padded}, new int[] {avg}, BuiltinOptions.Pool2DOptions,
                pool(3, 2, Padding.VALID));
        int axes = b.constantInt32("axes", new int[] {2}, new int[] {1, 2}, Quantization.NONE);
        Quantization qm = quant(t, 0.013f, t == DType.UINT8 ? 100 : -20);
        int mean = b.tensor("mean", t, new int[] {1, 1, 1, 16}, qm);
        ReducerOptionsT ro = new ReducerOptionsT();
        ro.setKeepDims(true);
        b.op(BuiltinOperator.MEAN, new int[] {avg, axes}, new int[] {mean}, BuiltinOptions.ReducerOptions, ro);
        int y = b.tensor("y", t, new int[] {1, 16}, qm);
        SqueezeOptionsT sq = new SqueezeOptionsT();
        sq.setSqueezeDims(new int[] {1, 2});
        b.op(BuiltinOperator.SQUEEZE, new int[] {mean}, new int[] {y}, BuiltinOptions.SqueezeOptions, sq);
        byte[] model = b.inputs(x).outputs(y, cat).build();
        assertMatchesOracle(model, 99, "chain " + v);
        assertMatchesOracle(model, 100, InterpreterOptions.defaults().withThreads(2), "chain 2 threads " + v);
    }

    private static Pool2DOptionsT pool(int filter, int stride, byte padding) {
        Pool2DOptionsT o = new Pool2DOptionsT();
        o.setFilterHeight(filter);
        o.setFilterWidth(filter);
        o.setStrideH(stride);
        o.setStrideW(stride);
        o.setPadding(padding);
        return o;
    }
}
