package dev.edgetl.runtime.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.runtime.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelMetadataTest {
    @ParameterizedTest
    @CsvSource({
        "mobilenet_v1_0.25_128_quant.tflite, imagenet_labels.txt, 'tench, Tinca tinca', chickadee",
        "mobilenet_v2_1.0_224_quant.tflite, imagenet_labels.txt, 'tench, Tinca tinca', chickadee",
        "mobilenet_v1_0.25_224_quant.tflite, labels.txt, tench, chickadee",
    })
    void readsNameNormalizationAndLabelsOfFixtureModels(String file, String labelsFile, String label1, String label20) throws Exception {
        TfliteModel model = ModelReader.read(Fixtures.model(file));
        ModelMetadata md = ModelMetadata.of(model);
        assertThat(md.isPresent()).isTrue();
        assertThat(md.name()).isNotBlank();
        assertThat(md.labelsFile()).isEqualTo(labelsFile);
        assertThat(md.labels()).hasSize(1001);
        assertThat(md.labels().get(0)).isEqualTo("background");
        assertThat(md.labels().get(1)).isEqualTo(label1);
        assertThat(md.labels().get(20)).isEqualTo(label20);
        assertThat(md.labels().size()).isEqualTo(model.output(0).shape()[1]);
        assertThat(md.hasNormalization()).isTrue();
        assertThat(md.mean()).containsExactly(127.5f);
        assertThat(md.std()).containsExactly(127.5f);
    }

    @Test
    void modelWithoutMetadataHasNone() throws Exception {
        ModelMetadata md = ModelMetadata.of(ModelReader.read(Fixtures.model("mobilenet_v1_0.25_224_float.tflite")));
        assertThat(md.isPresent()).isFalse();
        assertThat(md.labels()).isEmpty();
        assertThat(md.mean()).isNull();
    }

    @Test
    void corruptMetadataBufferIsAClearError() {
        byte[] bytes = tinyModel(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2, 3, 4});
        TfliteModel m = ModelReader.read(bytes, "bad.tflite");
        assertThatThrownBy(() -> ModelMetadata.of(m))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad.tflite").hasMessageContaining("TFLITE_METADATA");
    }

    @Test
    void findsTheArchiveAppendedToAModelBuiltHere() throws Exception {
        byte[] model = tinyModel(null);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("labels.txt"));
            z.write("a\nb\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        byte[] all = new byte[model.length + zip.size()];
        System.arraycopy(model, 0, all, 0, model.length);
        System.arraycopy(zip.toByteArray(), 0, all, model.length, zip.size());
        var files = ModelMetadata.readAppendedZip(java.nio.ByteBuffer.wrap(all), "m.tflite");
        assertThat(files).containsOnlyKeys("labels.txt");
        assertThat(new String(files.get("labels.txt"), StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
        assertThat(ModelMetadata.readAppendedZip(java.nio.ByteBuffer.wrap(model), "m.tflite")).isEmpty();

        // A truncated archive (central directory pointing before the file) is refused by name.
        byte[] cut = java.util.Arrays.copyOfRange(all, model.length + 10, all.length);
        assertThatThrownBy(() -> ModelMetadata.readAppendedZip(java.nio.ByteBuffer.wrap(cut), "cut.tflite"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("cut.tflite");
    }

    @Test
    void mutatedMetadataAndArchivesFailOnlyWithModelFormatException() throws Exception {
        TfliteModel real = ModelReader.read(Fixtures.model("mobilenet_v1_0.25_224_quant.tflite"));
        java.nio.ByteBuffer mdBuf = real.metadata().get(ModelMetadata.BUFFER_NAME).duplicate();
        byte[] md = new byte[mdBuf.remaining()];
        mdBuf.get(md);
        byte[] all = new byte[real.bytes().limit()];
        real.bytes().duplicate().get(all);
        int mdAt = indexOf(all, md);
        assertThat(mdAt).isPositive();
        java.util.Random rnd = new java.util.Random(7);
        int ok = 0;
        for (int iter = 0; iter < 300; iter++) {
            byte[] m = all.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                // Half the mutations hit the metadata table, half the archive's last 12 kB (headers, labels, directory).
                int at = rnd.nextBoolean() ? mdAt + rnd.nextInt(md.length) : m.length - 1 - rnd.nextInt(12_000);
                m[at] = (byte) rnd.nextInt(256);
            }
            TfliteModel model;
            try {
                model = ModelReader.read(m, "mutant-" + iter);
            } catch (ModelFormatException e) {
                continue; // the reader's own validation; fuzzed elsewhere
            }
            try {
                ModelMetadata.of(model);
                ok++;
            } catch (ModelFormatException e) {
                assertThat(e.getMessage()).contains("mutant-" + iter);
            }
        }
        assertThat(ok).isPositive();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] tinyModel(byte[] metadata) {
        ModelBuilder b = new ModelBuilder("tiny");
        int in = b.tensor("in", DType.FLOAT32, new int[] {1, 4}, Quantization.NONE);
        int out = b.tensor("out", DType.FLOAT32, new int[] {1, 4}, Quantization.NONE);
        b.op(org.tensorflow.lite.schema.BuiltinOperator.RELU, new int[] {in}, new int[] {out},
                org.tensorflow.lite.schema.BuiltinOptions.NONE, null);
        b.inputs(in).outputs(out);
        if (metadata != null) {
            b.metadata(ModelMetadata.BUFFER_NAME, metadata);
        }
        return b.build();
    }
}
