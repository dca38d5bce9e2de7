package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelMetadata;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.OpResolver;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.BuiltinKernels;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ReshapeOptionsT;

/**
 * Tiny "classifiers" for command tests: input [1, 2, 2, 3] RESHAPEd to [1, 12], so each output class is one
 * pre-processed input value and every pre-processing rule shows in the scores.
 */
final class TestModels {
    private TestModels() {}

    static byte[] reshapeClassifier(DType dtype, Quantization q, byte[] metadata) {
        ModelBuilder b = new ModelBuilder("reshape classifier");
        int in = b.tensor("image", dtype, new int[] {1, 2, 2, 3}, q);
        int shape = b.constantInt32("shape", new int[] {2}, new int[] {1, 12}, Quantization.NONE);
        int out = b.tensor("scores", dtype, new int[] {1, 12}, q);
        ReshapeOptionsT opts = new ReshapeOptionsT();
        opts.setNewShape(new int[] {1, 12});
        b.op(BuiltinOperator.RESHAPE, new int[] {in, shape}, new int[] {out}, BuiltinOptions.ReshapeOptions, opts);
        b.inputs(in).outputs(out);
        if (metadata != null) {
            b.metadata(ModelMetadata.BUFFER_NAME, metadata);
        }
        return b.build();
    }

    /**
     * The builtin kernels, plus a plain RESHAPE (a copy) while the layout kernels are not merged yet, so that these
     * tests exercise the commands rather than the kernels.
     */
    static Backend backend() {
        OpResolver r = BuiltinKernels.all();
        if (!r.supports(BuiltinOperator.RESHAPE)) {
            r.register(BuiltinOperator.RESHAPE, ctx -> {
                Tensor src = ctx.requireInput(0);
                Tensor dst = ctx.output(0);
                return () -> {
                    switch (src.storage()) {
                        case FLOAT -> System.arraycopy(src.f, src.offset, dst.f, dst.offset, src.size);
                        case BYTE -> System.arraycopy(src.b, src.offset, dst.b, dst.offset, src.size);
                        default -> throw new IllegalStateException("test RESHAPE: float and 8-bit only");
                    }
                };
            });
        }
        return new Backend("scalar", r, "test");
    }
}
