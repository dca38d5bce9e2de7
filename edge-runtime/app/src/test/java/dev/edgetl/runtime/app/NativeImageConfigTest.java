package dev.edgetl.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The native and gluonfx profiles rely on the reflection config picocli-codegen generates at compile time. */
class NativeImageConfigTest {
    @Test
    void picocliReflectionConfigIsGeneratedForEveryCommand() throws Exception {
        String base = "/META-INF/native-image/picocli-generated/dev.edgetl/edge-runtime-app/";
        try (InputStream in = getClass().getResourceAsStream(base + "reflect-config.json")) {
            assertThat(in).as("picocli-codegen output").isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("dev.edgetl.runtime.app.RunCommand").contains("dev.edgetl.runtime.app.InspectCommand")
                    .contains("dev.edgetl.runtime.app.BenchCommand").contains("dev.edgetl.runtime.app.EdgeRuntimeMain");
        }
        try (InputStream in = getClass().getResourceAsStream("/META-INF/native-image/dev.edgetl/edge-runtime-app/native-image.properties")) {
            assertThat(in).isNotNull();
        }
    }
}
