package dev.edgetl.trainer.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.trainer.BaseModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server on 127.0.0.1 serving a fixture model (JDK's com.sun.net.httpserver). */
class WeightCacheTest {
    static final String MODEL = "mobilenet_v2_1.0_224_quant.tflite";

    HttpServer server;
    byte[] model;
    String sha;
    /** "GET /path Range" of every request the server saw. */
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    volatile boolean honourRange = true;
    final ByteArrayOutputStream logBuf = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBuf, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        Path fixture = Fixtures.model(MODEL);
        model = Files.readAllBytes(fixture);
        sha = WeightCache.sha256(fixture);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/models/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path + " " + range);
        try (ex) {
            byte[] body;
            if (path.equals("/models/" + MODEL)) {
                body = model;
            } else if (path.equals("/models/tampered.tflite")) {
                body = Arrays.copyOf(model, model.length);
                body[1000] ^= 1;
            } else {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            if (range != null && honourRange) {
                from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                ex.sendResponseHeaders(206, body.length - from);
            } else {
                ex.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        }
    }

    String url(String file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + file;
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".lock")).toList();
        }
    }

    @Test
    void downloadsVerifiesAndCachesThenServesTheCacheWithoutNetwork(@TempDir Path cacheDir) throws IOException {
        WeightSpec spec = WeightSpec.parseUrl(url(MODEL) + "#sha256=" + sha);
        Path got = new WeightCache(cacheDir, false, log).fetch(spec);
        assertThat(got).isEqualTo(cacheDir.resolve(sha).resolve(MODEL));
        assertThat(Files.readAllBytes(got)).isEqualTo(model);
        assertThat(filesUnder(cacheDir)).containsExactly(got); // no .part left behind
        assertThat(requests).containsExactly("GET /models/" + MODEL + " null");

        server.stop(0);
        server = null;
        // Cache hit: no request (the server is gone), offline or not.
        assertThat(new WeightCache(cacheDir, false, log).fetch(spec)).isEqualTo(got);
        assertThat(new WeightCache(cacheDir, true, log).fetch(spec)).isEqualTo(got);
        assertThat(requests).hasSize(1);
    }

    @Test
    void shaMismatchIsRefusedAndNothingIsCached(@TempDir Path cacheDir) throws IOException {
        WeightSpec spec = WeightSpec.parseUrl(url("tampered.tflite") + "#sha256=" + sha);
        assertThatThrownBy(() -> new WeightCache(cacheDir, false, log).fetch(spec))
                .isInstanceOf(WeightDownloadException.class)
                .hasMessageContaining("sha256 mismatch").hasMessageContaining("expected " + sha)
                .hasMessageContaining("tampered.tflite").hasMessageContaining("nothing cached");
        assertThat(filesUnder(cacheDir)).isEmpty();
    }

    @Test
    void notFoundIsAClearError(@TempDir Path cacheDir) throws IOException {
        WeightSpec spec = WeightSpec.parseUrl(url("missing.tflite") + "#sha256=" + sha);
        assertThatThrownBy(() -> new WeightCache(cacheDir, false, log).fetch(spec))
                .isInstanceOf(WeightDownloadException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining(url("missing.tflite"));
        assertThat(filesUnder(cacheDir)).isEmpty();
    }

    @Test
    void offlineWithoutCachedCopyNamesThePathToFill(@TempDir Path cacheDir) {
        WeightSpec spec = WeightSpec.parseUrl(url(MODEL) + "#sha256=" + sha);
        assertThatThrownBy(() -> new WeightCache(cacheDir, true, log).fetch(spec))
                .isInstanceOf(WeightDownloadException.class)
                .hasMessageContaining("offline mode")
                .hasMessageContaining(cacheDir.resolve(sha).resolve(MODEL).toString());
        assertThat(requests).isEmpty();
    }

    @Test
    void aPartialDownloadIsResumedWithARangeRequest(@TempDir Path cacheDir) throws IOException {
        WeightSpec spec = WeightSpec.parseUrl(url(MODEL) + "#sha256=" + sha);
        Path part = cacheDir.resolve(sha).resolve(MODEL + ".part");
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(model, 1_000_000)); // what a killed download leaves
        Path got = new WeightCache(cacheDir, false, log).fetch(spec);
        assertThat(requests).containsExactly("GET /models/" + MODEL + " bytes=1000000-");
        assertThat(Files.readAllBytes(got)).isEqualTo(model);
        assertThat(part).doesNotExist();
    }

    @Test
    void aServerIgnoringRangeRestartsFromZero(@TempDir Path cacheDir) throws IOException {
        honourRange = false;
        WeightSpec spec = WeightSpec.parseUrl(url(MODEL) + "#sha256=" + sha);
        Path part = cacheDir.resolve(sha).resolve(MODEL + ".part");
        Files.createDirectories(part.getParent());
        Files.write(part, new byte[12345]); // garbage: appending to it would fail the sha256 check
        Path got = new WeightCache(cacheDir, false, log).fetch(spec);
        assertThat(Files.readAllBytes(got)).isEqualTo(model);
    }

    @Test
    void aCorruptCachedCopyIsFetchedAgain(@TempDir Path cacheDir) throws IOException {
        WeightSpec spec = WeightSpec.parseUrl(url(MODEL) + "#sha256=" + sha);
        Path target = cacheDir.resolve(sha).resolve(MODEL);
        Files.createDirectories(target.getParent());
        Files.write(target, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(new WeightCache(cacheDir, false, log).fetch(spec))).isEqualTo(model);
        assertThat(logBuf.toString(StandardCharsets.UTF_8)).contains("corrupt");
    }

    @Test
    void urlsWithoutAChecksumAreRefused() {
        assertThatThrownBy(() -> WeightSpec.parseUrl("https://example.org/m.tflite"))
                .hasMessageContaining("#sha256=");
        assertThatThrownBy(() -> WeightSpec.parseUrl("https://example.org/m.tflite#sha256=abc"))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> new WeightSpec("x", URI.create("ftp://example.org/m.tflite"), sha, "m.tflite"))
                .hasMessageContaining("http(s)");
    }

    @Test
    void theRegistryMatchesTheFixtures() {
        WeightRegistry reg = WeightRegistry.builtin();
        assertThat(reg.entries()).isNotEmpty();
        for (WeightSpec s : reg.entries().values()) {
            Path fixture = Fixtures.model(s.fileName());
            assertThat(WeightCache.sha256(fixture)).as(s.name()).isEqualTo(s.sha256());
        }
    }

    @Test
    void baseModelsResolveUrlsThroughTheCache(@TempDir Path cacheDir) {
        String old = System.getProperty(WeightCache.DIR_PROPERTY);
        System.setProperty(WeightCache.DIR_PROPERTY, cacheDir.toString());
        try {
            Path got = BaseModels.resolveFile(url(MODEL) + "#sha256=" + sha, false, log);
            assertThat(got).isEqualTo(cacheDir.resolve(sha).resolve(MODEL));
            assertThatThrownBy(() -> BaseModels.resolveFile(url(MODEL), false, log))
                    .isInstanceOf(BaseModels.UnknownBaseModelException.class).hasMessageContaining("#sha256=");
            // A registry name, offline and not cached: the message says where the file must go.
            assertThatThrownBy(() -> BaseModels.resolveFile("tf2_mobilenet_v2_1.0_224_ptq", true, log))
                    .isInstanceOf(WeightDownloadException.class).hasMessageContaining("offline mode")
                    .hasMessageContaining(cacheDir.toString());
        } finally {
            if (old == null) {
                System.clearProperty(WeightCache.DIR_PROPERTY);
            } else {
                System.setProperty(WeightCache.DIR_PROPERTY, old);
            }
        }
    }
}
