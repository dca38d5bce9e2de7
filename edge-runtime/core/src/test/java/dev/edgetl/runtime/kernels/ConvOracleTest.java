package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.ConvModels.Case;
import dev.edgetl.runtime.kernels.ConvModels.Kind;
import dev.edgetl.runtime.kernels.ConvModels.Op;
import dev.edgetl.runtime.testing.OracleCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED against real TFLite 2.21 on random single-op models: every
 * dtype (float32, uint8, int8 per-channel and per-tensor, hybrid), fused activation, SAME/VALID, stride 1/2,
 * dilation, depth multiplier, with and without bias (FC only: TFLite 2.21 refuses
 * conv and depthwise without bias; ours is checked against the reference kernel in the property tests). Integer outputs must be byte-exact, float within 1e-5
 * of the largest output; reference and optimised kernels both.
 */
class ConvOracleTest {
    static final float FLOAT_TOLERANCE = 1e-5f;

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        long seed = 1;
        for (Op op : Op.values()) {
            for (Kind kind : Kind.values()) {
                if (kind == Kind.HYBRID_ASYMMETRIC && op != Op.FC) {
                    continue; // an FC option; conv/depthwise choose their own input quantization
                }
                if (kind == Kind.HYBRID_PER_TENSOR && op == Op.DEPTHWISE) {
                    continue; // TFLite's hybrid depthwise requires per-channel weight scales
                }
                for (int i = 0; i < 6; i++) {
                    Random r = new Random(seed * 7919);
                    int k = op == Op.FC ? 1 : (i == 4 ? 1 : (i == 5 ? 5 : 3));
                    int kw = op != Op.FC && i == 1 ? 2 : k;
                    int channels = op == Op.DEPTHWISE ? (i == 2 ? 2 : (i == 5 ? 3 : 1)) : 3 + r.nextInt(10);
                    int h = op == Op.FC ? 1 + r.nextInt(2) : 5 + r.nextInt(6);
                    int w = op == Op.FC ? 1 + r.nextInt(3) : 5 + r.nextInt(6);
                    int inC = 2 + r.nextInt(op == Op.FC ? 20 : 9);
                    int stride = op == Op.FC ? 1 : 1 + (i / 2) % 2;
                    int dilation = op != Op.FC && (i == 3 || i == 5) ? 2 : 1;
                    out.add(new Case(op, kind, i == 2 || op == Op.FC && i == 4 ? 2 : 1, h, w, inC, channels, k, kw,
                            stride, dilation, i == 1 || i == 3 ? 1 : 0, i % 4,
                            op == Op.FC ? i != 3 : true, seed));
                    seed++;
                }
            }
        }
        // MobileNet-like shapes: wide pointwise (deep enough to exercise the int32 flushes) and 3x3 depthwise.
        out.add(new Case(Op.CONV, Kind.UINT8, 1, 4, 4, 320, 24, 1, 1, 1, 1, 0, 3, true, 901));
        out.add(new Case(Op.CONV, Kind.INT8_PER_CHANNEL, 1, 4, 4, 600, 20, 1, 1, 1, 1, 0, 0, true, 902));
        out.add(new Case(Op.CONV, Kind.HYBRID_PER_CHANNEL, 1, 4, 4, 600, 20, 1, 1, 1, 1, 0, 1, true, 903));
        out.add(new Case(Op.DEPTHWISE, Kind.UINT8, 1, 12, 12, 40, 1, 3, 3, 2, 1, 0, 3, true, 904));
        out.add(new Case(Op.DEPTHWISE, Kind.INT8_PER_CHANNEL, 1, 12, 12, 40, 1, 3, 3, 1, 1, 0, 3, true, 905));
        out.add(new Case(Op.FC, Kind.UINT8, 1, 1, 1, 1280, 30, 1, 1, 1, 1, 0, 0, true, 906));
        out.add(new Case(Op.FC, Kind.INT8_PER_CHANNEL, 2, 1, 1, 700, 17, 1, 1, 1, 1, 0, 0, true, 907));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTflite(Case c) throws Exception {
        byte[] model = ConvModels.build(c);
        InterpreterOptions opt = InterpreterOptions.defaults();
        OracleCheck.Result reference = OracleCheck.run(model, c.seed(), opt.withReferenceKernels(true));
        reference.assertMatches(FLOAT_TOLERANCE, "reference " + c);
        OracleCheck.Result optimised = OracleCheck.run(model, c.seed(), opt);
        optimised.assertMatches(FLOAT_TOLERANCE, "optimised " + c);
    }
}
