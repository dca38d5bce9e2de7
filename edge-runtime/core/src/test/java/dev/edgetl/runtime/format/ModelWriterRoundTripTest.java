package dev.edgetl.runtime.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.OracleCheck;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ModelT;

/**
 * unpack -> toBytes of every fixture model gives a file the real TensorFlow Lite loads and runs with the same
 * outputs as the original: absent vectors must stay absent (TFLite reads an empty buffer or custom_options
 * vector differently from a missing one).
 */
class ModelWriterRoundTripTest {
    @Test
    void everyFixtureModelSurvivesUnpackAndToBytesInTflite() throws Exception {
        Path dir = Fixtures.require("models");
        List<Path> models;
        try (Stream<Path> s = Files.list(dir)) {
            models = new ArrayList<>(s.filter(p -> p.toString().endsWith(".tflite")).sorted().toList());
        }
        assertThat(models).isNotEmpty();
        for (Path p : models) {
            byte[] original = Files.readAllBytes(p);
            TfliteModel model = ModelReader.read(original, p.getFileName().toString());
            ModelT unpacked = ModelWriter.unpack(model);
            byte[] rewritten = ModelWriter.toBytes(unpacked);
            TfliteModel again = ModelReader.read(rewritten, "rewritten " + p.getFileName());
            assertThat(again.operators().size()).as(p.getFileName() + " operators").isEqualTo(model.operators().size());
            for (TensorSpec t : model.tensors()) {
                TensorSpec u = again.tensors().get(t.index());
                String what = p.getFileName() + " tensor " + t.index() + " " + t.name();
                assertThat(u.name()).as(what).isEqualTo(t.name());
                assertThat(u.shape()).as(what).isEqualTo(t.shape());
                assertThat(u.quantization().scales()).as(what + " scales").isEqualTo(t.quantization().scales());
                assertThat(u.quantization().zeroPoints()).as(what + " zero points").isEqualTo(t.quantization().zeroPoints());
            }
            if (p.getFileName().toString().equals("tf2_mobilenet_v2_1.0_224_ptq.tflite")) {
                // per-channel: identical zero-point vectors are written once
                assertThat(rewritten.length).as("per-channel model rewritten with shared vectors").isLessThan(original.length);
            }
            Random rnd = new Random(7);
            List<byte[]> inputs = new ArrayList<>();
            for (int i = 0; i < model.inputs().length; i++) {
                inputs.add(OracleCheck.randomTensorBytes(model.input(i), rnd));
            }
            List<byte[]> expected;
            try (TfliteOracle o = TfliteOracle.load(original)) {
                expected = o.run(inputs.toArray(new byte[0][]));
            }
            List<byte[]> actual;
            try (TfliteOracle o = TfliteOracle.load(rewritten)) {
                actual = o.run(inputs.toArray(new byte[0][]));
            }
            for (int k = 0; k < expected.size(); k++) {
                assertThat(actual.get(k)).as(p.getFileName() + " output " + k + " after unpack/toBytes")
                        .isEqualTo(expected.get(k));
            }
        }
    }
}
