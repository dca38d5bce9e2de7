package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardHintsTest {
    @Test
    void inlineLabelsOfTheTrainersCardAreUsedWhenThereIsNoLabelsFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), "{\"labels\": [\"ants\", \"bees\"]}");
        ModelCardHints card = ModelCardHints.besides(dir.resolve("model.tflite"));
        assertThat(card.labels()).containsExactly("ants", "bees");
        assertThat(card.labelsFile()).isNull();
        Files.writeString(dir.resolve("model.json"), "{\"labels\": [\"ants\", 3]}");
        assertThatThrownBy(() -> ModelCardHints.read(dir.resolve("model.json"))).isInstanceOf(IOException.class)
                .hasMessageContaining("labels must be an array of strings");
    }

    @Test
    void aVariantsOwnCardIsFoundByItsName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.int8.json"), "{\"labels\": [\"a\", \"b\"]}");
        assertThat(ModelCardHints.besides(dir.resolve("model.int8.tflite")).labels()).containsExactly("a", "b");
    }
}
