package dev.edgetl.runtime.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixtureModelsReadTest {
    static Stream<Path> models() throws Exception {
        Path dir = Fixtures.require("models");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(p -> p.toString().endsWith(".tflite")).sorted().toList();
            return l.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void readsEveryFixtureModelAndAgreesWithTfliteOnItsInterface(Path file) throws Exception {
        TfliteModel m = ModelReader.read(file);
        assertThat(m.operators()).isNotEmpty();
        try (TfliteOracle oracle = TfliteOracle.load(file)) {
            assertThat(oracle.inputCount()).isEqualTo(m.inputs().length);
            assertThat(oracle.outputCount()).isEqualTo(m.outputs().length);
            byte[] in = new byte[(int) m.input(0).byteSize()];
            List<byte[]> out = oracle.run(in);
            assertThat(out.get(0)).hasSize((int) m.output(0).byteSize());
        }
    }
}
