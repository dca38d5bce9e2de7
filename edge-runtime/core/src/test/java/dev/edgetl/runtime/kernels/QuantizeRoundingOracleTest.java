package dev.edgetl.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.OracleCheck;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * QUANTIZE float to int8/uint8 on .5 quotients, against TensorFlow Lite 2.21: exact ties round half away from
 * zero, and the quotient is computed in double (image-like inputs whose float quotient lands on .5 but whose
 * double quotient does not). Sizes that are not multiples of 8 cover vectorised blocks and tails.
 */
class QuantizeRoundingOracleTest {
    @ParameterizedTest(name = "{0} scale={1} zp={2} size={3}")
    @CsvSource({"INT8,0.5,0,21", "INT8,0.5,-3,16", "INT8,0.25,7,13", "UINT8,0.5,128,21", "UINT8,0.25,100,7",
        "INT8,0.0078431373,-1,45", "UINT8,0.0078431373,127,45"})
    void tiesRoundLikeTflite(DType type, float scale, int zp, int size) throws Exception {
        byte[] model = ArithmeticOracleTest.unary(BuiltinOperator.QUANTIZE, DType.FLOAT32, Quantization.NONE, type,
                Quantization.perTensor(scale, zp), new int[] {1, size});
        float[] x = new float[size];
        Random rnd = new Random(size * 31L + zp);
        for (int k = 0; k < size; k++) {
            if (scale == 0.0078431373f) {
                // image-like inputs: (pixel - 127.5) / 127.5, every value sits on a half step of the scale
                x[k] = (rnd.nextInt(256) - 127.5f) / 127.5f;
            } else {
                // (m + 0.5) * scale is exact: a tie in both float and double arithmetic
                x[k] = (rnd.nextInt(40) - 20 + 0.5f) * scale;
            }
        }
        ByteBuffer bb = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            bb.putFloat(v);
        }
        OracleCheck.Result r = OracleCheck.run(model, List.of(bb.array()), InterpreterOptions.defaults());
        OracleCheck.run(model, List.of(bb.array()), InterpreterOptions.defaults())
                .assertMatches(0f, type + " quantize of ties");
        // Only meaningful if the inputs tell the candidate roundings apart: half to even vs half away on exact
        // ties, or a float quotient that lands on .5 where the double quotient does not.
        int telling = 0;
        for (float v : x) {
            double q = v / (double) scale;
            float qf = v / scale;
            telling += Math.rint(q) != halfAway(q) || halfAway(qf) != halfAway(q) ? 1 : 0;
        }
        assertThat(telling).as("inputs that separate the roundings").isGreaterThan(0);
    }

    private static double halfAway(double v) {
        return Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
    }
}
