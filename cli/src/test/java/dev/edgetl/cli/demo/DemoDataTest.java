package dev.edgetl.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {
    static final DemoData.Sizes SIZES = new DemoData.Sizes(3, 2, 1, 2);

    @Test
    void generatedDataIsTwoImageFoldersOfDeterministic32x32Images(@TempDir Path dir) throws IOException {
        DemoData.Prepared a = DemoData.prepare(dir.resolve("a"), dir.resolve("no-such-dir"), true, SIZES, 7);
        assertThat(a.real()).isFalse();
        assertThat(a.source()).startsWith("generated");
        assertThat(classes(a.pretrain().resolve("train"))).containsExactly("0-disc", "1-square", "2-triangle", "3-cross", "4-h-stripes");
        assertThat(classes(a.transfer().resolve("val"))).containsExactly("5-v-stripes", "6-ring", "7-x", "8-dots", "9-diagonal");
        assertThat(files(a.pretrain().resolve("train"))).hasSize(5 * 3);
        assertThat(files(a.pretrain().resolve("val"))).hasSize(5 * 2);
        assertThat(files(a.transfer().resolve("train"))).hasSize(5);
        assertThat(files(a.transfer().resolve("val"))).hasSize(5 * 2);
        BufferedImage img = ImageIO.read(files(a.transfer().resolve("val")).get(0).toFile());
        assertThat(img.getWidth()).isEqualTo(32);
        assertThat(img.getHeight()).isEqualTo(32);
        // Same seed, same bytes: the pipeline's content hashes then let a rerun skip its stages.
        DemoData.Prepared b = DemoData.prepare(dir.resolve("b"), dir.resolve("no-such-dir"), true, SIZES, 7);
        List<Path> fa = files(a.pretrain());
        List<Path> fb = files(b.pretrain());
        assertThat(fb).hasSameSizeAs(fa);
        for (int i = 0; i < fa.size(); i++) {
            assertThat(Files.readAllBytes(fb.get(i))).isEqualTo(Files.readAllBytes(fa.get(i)));
        }
    }

    @Test
    void idxFilesBecomeImagesOfTheirClassWithTheRightPixels(@TempDir Path dir) throws IOException {
        Path fm = dir.resolve("fashion");
        Files.createDirectories(fm);
        int n = 60;
        byte[][] images = new byte[n][28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            images[i][0] = (byte) (10 * (i % 10) + 5); // top-left pixel encodes the class
        }
        writeIdx(fm.resolve("train-images-idx3-ubyte.gz"), 0x803, n, images);
        writeIdx(fm.resolve("train-labels-idx1-ubyte.gz"), 0x801, n, new byte[][] {labels});
        DemoData.Prepared p = DemoData.prepare(dir.resolve("data"), fm, true, SIZES, 1);
        assertThat(p.real()).isTrue();
        assertThat(p.source()).contains("Fashion-MNIST");
        assertThat(classes(p.transfer().resolve("train"))).containsExactly("5-sandal", "6-shirt", "7-sneaker", "8-bag", "9-ankle-boot");
        for (Path f : files(p.pretrain())) {
            int k = f.getParent().getFileName().toString().charAt(0) - '0';
            BufferedImage img = ImageIO.read(f.toFile());
            assertThat(img.getRGB(2, 2) & 0xFF).as(f.toString()).isEqualTo(10 * k + 5); // 2-pixel border
            assertThat(img.getRGB(0, 0) & 0xFFFFFF).isZero();
        }
        // Not enough images of a class for the requested sizes is an error, not a smaller dataset.
        assertThatThrownBy(() -> DemoData.prepare(dir.resolve("big"), fm, true, new DemoData.Sizes(10, 10, 1, 1), 1))
                .isInstanceOf(IOException.class).hasMessageContaining("images of class");
        Files.write(fm.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> DemoData.prepare(dir.resolve("bad"), fm, true, SIZES, 1)).isInstanceOf(IOException.class);
    }

    private static void writeIdx(Path file, int magic, int n, byte[][] rows) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(magic);
            out.writeInt(n);
            if (magic == 0x803) {
                out.writeInt(28);
                out.writeInt(28);
            }
            for (byte[] r : rows) out.write(r);
        }
    }

    private static List<String> classes(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
