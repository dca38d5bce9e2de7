package dev.edgetl.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.runtime.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    static void copy(Path dir, String... rel) throws Exception {
        Path src = Fixtures.require("datasets/hymenoptera/train/bees/16838648_415acd9e3f.jpg");
        for (String r : rel) {
            Files.createDirectories(dir.resolve(r).getParent());
            Files.copy(src, dir.resolve(r));
        }
    }

    @Test
    void singleTreeIsSplitPerClassWithTheSeed(@TempDir Path d) throws Exception {
        for (int i = 0; i < 10; i++) {
            copy(d, "cats/" + i + ".jpg", "dogs/" + i + ".jpg");
        }
        Files.writeString(d.resolve("dogs/readme.txt"), "hello");
        ImageFolder a = ImageFolder.open(d, 0.2, 1);
        ImageFolder b = ImageFolder.open(d, 0.2, 1);
        ImageFolder c = ImageFolder.open(d, 0.2, 2);
        assertThat(a.classes()).containsExactly("cats", "dogs");
        assertThat(a.train()).hasSize(16);
        assertThat(a.val()).hasSize(4);
        assertThat(a.val().stream().filter(s -> s.label == 0).count()).isEqualTo(2);
        assertThat(paths(a)).isEqualTo(paths(b)).isNotEqualTo(paths(c));
        assertThat(a.skipped()).hasSize(1);
        assertThat(a.skipped().get(0).reason).contains("not an image");
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(64).isNotEqualTo(c.fingerprint());
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path d) {
        assertThatThrownBy(() -> ImageFolder.open(d.resolve("nope"), 0.2, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("nope");
    }

    @Test
    void aClassTooSmallToSplitIsRefused(@TempDir Path d) throws Exception {
        copy(d, "a/1.jpg", "a/2.jpg", "a/3.jpg", "b/1.jpg");
        assertThatThrownBy(() -> ImageFolder.open(d, 0.2, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("class 'b'");
    }

    static String paths(ImageFolder f) {
        return f.val().stream().map(s -> s.path.getFileName().toString() + s.label).collect(Collectors.joining(","));
    }
}
