package dev.edgetl.compressor.cards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.compressor.quantize.Fp16Quantizer;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;

class VariantCardsTest {
    static byte[] fc() {
        ModelBuilder b = new ModelBuilder("fc");
        int x = b.tensor("x", DType.FLOAT32, new int[] {1, 3}, Quantization.NONE);
        int w = b.constant("w", new int[] {2, 3}, new float[] {0.1234567f, -0.5f, 0.25f, 1.0001f, 0.3f, -0.7f});
        int bias = b.constant("b", new int[] {2}, new float[] {0.1f, -0.2f});
        int y = b.tensor("y", DType.FLOAT32, new int[] {1, 2}, Quantization.NONE);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {x, w, bias}, new int[] {y}, BuiltinOptions.FullyConnectedOptions,
                new FullyConnectedOptionsT());
        return b.inputs(x).outputs(y).build();
    }

    @Test
    void aVariantCardKeepsLabelsAndCarriesTheVariantsOwnGoldenOutputs(@TempDir Path dir) throws Exception {
        byte[] in = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(0.7f).array();
        Files.write(dir.resolve("g0.in"), in);
        Files.writeString(dir.resolve("model.json"), "{\"labels\": [\"ants\", \"bees\"], \"input\": {\"mean\": [127.5],"
                + " \"std\": [127.5]}, \"golden\": [{\"input\": \"g0.in\", \"outputBase64\": \"AAAAAAAAAAA=\"}]}");
        Files.write(dir.resolve("model.tflite"), fc());
        Path card = VariantCards.cardOf(dir.resolve("model.tflite"));
        assertThat(card).isEqualTo(dir.resolve("model.json"));
        byte[] fp16 = Fp16Quantizer.quantize(ModelReader.read(fc(), "fc"));
        JsonNode v = new ObjectMapper().readTree(VariantCards.forVariant(card, "model.fp16", fp16));
        assertThat(v.get("variant").asText()).isEqualTo("model.fp16");
        assertThat(v.get("labels").get(1).asText()).isEqualTo("bees");
        assertThat(v.get("input").get("mean").get(0).asDouble()).isEqualTo(127.5);
        byte[] expected;
        try (Interpreter it = Interpreter.create(ModelReader.read(fp16, "fp16"), InterpreterOptions.defaults())) {
            it.setInputBytes(0, in);
            it.run();
            expected = it.outputBytes(0);
        }
        JsonNode g = v.get("golden").get(0);
        assertThat(Base64.getDecoder().decode(g.get("inputBase64").asText())).isEqualTo(in);
        assertThat(Base64.getDecoder().decode(g.get("outputBase64").asText())).isEqualTo(expected)
                .isNotEqualTo(new byte[8]);
    }
}
