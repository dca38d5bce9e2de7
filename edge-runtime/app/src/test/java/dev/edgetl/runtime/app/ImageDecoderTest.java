package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.runtime.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bird.bmp", "cat.bmp", "grace_hopper.bmp"})
    void decodesTheFixtureBitmaps(String name) throws Exception {
        Path file = Fixtures.image(name);
        DecodedImage img = ImageDecoder.read(file);
        BufferedImage ref = ImageIO.read(file.toFile());
        assertThat(img.format()).isEqualTo("bmp");
        assertThat(img.width()).isEqualTo(ref.getWidth());
        assertThat(img.height()).isEqualTo(ref.getHeight());
        assertThat(img.argb()).hasSize(ref.getWidth() * ref.getHeight());
        assertThat(img.argb()[img.width() * (img.height() / 2) + img.width() / 2])
                .isEqualTo(ref.getRGB(ref.getWidth() / 2, ref.getHeight() / 2));
        assertThat(Arrays.stream(img.argb()).distinct().count()).isGreaterThan(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif"})
    void decodesEveryFormatItSupports(String format) throws Exception {
        BufferedImage src = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                src.setRGB(x, y, x < 4 ? 0xFF2040 : 0x30C060);
            }
        }
        Path f = dir.resolve("img." + format);
        assertThat(ImageIO.write(src, format, f.toFile())).isTrue();
        DecodedImage img = ImageDecoder.read(f);
        assertThat(img.width()).isEqualTo(8);
        assertThat(img.height()).isEqualTo(4);
        int left = img.argb()[1 * 8 + 1];
        int tolerance = format.equals("jpeg") ? 24 : format.equals("gif") ? 16 : 0;
        assertThat(Math.abs(((left >> 16) & 0xFF) - 0xFF)).isLessThanOrEqualTo(tolerance);
        assertThat(Math.abs(((left >> 8) & 0xFF) - 0x20)).isLessThanOrEqualTo(tolerance);
    }

    @Test
    void greyImagesKeepTheirValues() throws Exception {
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 255});
        Path f = dir.resolve("grey.png");
        ImageIO.write(g, "png", f.toFile());
        DecodedImage img = ImageDecoder.read(f);
        // getRGB would have mapped 100 (linear grey) to about 170 in sRGB.
        assertThat(img.argb()).containsExactly(0xFF000000, 0xFF646464, 0xFFFFFFFF);
    }

    @Test
    void paletteImagesAreConvertedToRgb() throws Exception {
        IndexColorModel palette = new IndexColorModel(2, 2, new byte[] {0, (byte) 200}, new byte[] {0, 10}, new byte[] {0, 50});
        BufferedImage p = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        p.getRaster().setSample(1, 0, 0, 1);
        Path f = dir.resolve("palette.png");
        ImageIO.write(p, "png", f.toFile());
        assertThat(ImageDecoder.read(f).argb()).containsExactly(0xFF000000, 0xFFC80A32);
    }

    @Test
    void emptyCorruptTruncatedUnsupportedAndMissingFilesNameTheFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        assertThatThrownBy(() -> ImageDecoder.read(empty)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("empty");

        Path text = Files.writeString(dir.resolve("notes.png"), "this is not an image at all");
        assertThatThrownBy(() -> ImageDecoder.read(text)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a JPEG, PNG, BMP or GIF");

        BufferedImage src = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Path good = dir.resolve("good.png");
        ImageIO.write(src, "png", good.toFile());
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ImageDecoder.read(truncated)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("corrupt");

        Path bmp = dir.resolve("good.bmp");
        ImageIO.write(src, "bmp", bmp.toFile());
        byte[] b = Files.readAllBytes(bmp);
        // Claim a 2^30-pixel image in the header: refused before any allocation.
        b[18] = 0; b[19] = 0; b[20] = 1; b[21] = 0; // width 65536
        b[22] = 0; b[23] = 0; b[24] = 1; b[25] = 0; // height 65536
        Path huge = Files.write(dir.resolve("huge.bmp"), b);
        assertThatThrownBy(() -> ImageDecoder.read(huge)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(huge.toString());

        assertThatThrownBy(() -> ImageDecoder.read(dir.resolve("absent.jpg"))).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("absent.jpg").hasMessageContaining("no such file");
    }

    @Test
    void theFixturePlaceholderGifDecodes() throws Exception {
        Path gif = Fixtures.require("datasets/hymenoptera/train/ants/imageNotFound.gif");
        DecodedImage img = ImageDecoder.read(gif);
        assertThat(img.format()).isEqualTo("gif");
        assertThat(img.width()).isPositive();
    }
}
