package dev.edgetl.trainer.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A local cache of published weights, keyed by sha256: {@code <dir>/<sha256>/<file name>}. A file appears there
 * only complete and verified: bytes stream into {@code <file>.part} (kept after a broken connection, so the next
 * attempt resumes it with an HTTP Range request), are checked against the expected sha256, and are renamed
 * atomically. A mismatch deletes the partial file: nothing unverified is ever cached. A cached file is re-hashed
 * before use, so a cache corrupted on disk is detected (and fetched again when online).
 */
public final class WeightCache {
    /** System property / environment variable naming the cache folder. */
    public static final String DIR_PROPERTY = "edgetl.weights.cache";
    public static final String DIR_ENV = "EDGETL_WEIGHTS_CACHE";
    /** System property / environment variable ({@code true}/{@code 1}) forbidding network access. */
    public static final String OFFLINE_PROPERTY = "edgetl.offline";
    public static final String OFFLINE_ENV = "EDGETL_OFFLINE";

    private final Path dir;
    private final boolean offline;
    private final PrintStream log;
    private final HttpClient client;

    public WeightCache(Path dir, boolean offline, PrintStream log) {
        this.dir = dir;
        this.offline = offline;
        this.log = log;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The cache folder and offline flag from system properties / environment; {@code ~/.cache/edgetl/weights} by default. */
    public static WeightCache defaults(boolean offline, PrintStream log) {
        return new WeightCache(defaultDir(), offline || offlineFromEnvironment(), log);
    }

    public static Path defaultDir() {
        String d = System.getProperty(DIR_PROPERTY, System.getenv(DIR_ENV));
        if (d != null && !d.isEmpty()) {
            return Paths.get(d);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("edgetl").resolve("weights");
    }

    static boolean offlineFromEnvironment() {
        String v = System.getProperty(OFFLINE_PROPERTY, System.getenv(OFFLINE_ENV));
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    public Path dir() { return dir; }
    public boolean offline() { return offline; }

    /** Where {@code spec} lives once cached. */
    public Path cachedPath(WeightSpec spec) {
        return dir.resolve(spec.sha256()).resolve(spec.fileName());
    }

    /** The verified local copy of {@code spec}: from the cache, or downloaded (unless offline) and then cached. */
    public Path fetch(WeightSpec spec) {
        Path target = cachedPath(spec);
        if (verifiedCopy(target, spec)) {
            log.println("weights " + spec.name() + ": cached " + target);
            return target;
        }
        if (offline) {
            throw new WeightDownloadException("offline mode (--offline, " + OFFLINE_ENV + " or -D" + OFFLINE_PROPERTY
                    + "): weights '" + spec.name() + "' are not in the cache. Expected " + target + " (sha256 "
                    + spec.sha256() + "). Run once with network access, or download " + spec.url()
                    + " elsewhere and copy it to that path.");
        }
        try {
            Files.createDirectories(target.getParent());
            // One download per file at a time, across processes too (two trainings started together).
            try (FileChannel lockFile = FileChannel.open(target.resolveSibling(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                if (verifiedCopy(target, spec)) {
                    return target;
                }
                download(spec, target, true);
                return target;
            }
        } catch (IOException e) {
            throw new WeightDownloadException("weights cache " + target.getParent() + ": " + e, e);
        }
    }

    private boolean verifiedCopy(Path target, WeightSpec spec) {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        String actual = sha256(target);
        if (actual.equals(spec.sha256())) {
            return true;
        }
        log.println("weights " + spec.name() + ": cached copy " + target + " is corrupt (sha256 " + actual
                + "), fetching it again");
        try {
            Files.delete(target);
        } catch (IOException e) {
            throw new WeightDownloadException("cannot delete corrupt cached weights " + target + ": " + e, e);
        }
        return false;
    }

    private void download(WeightSpec spec, Path target, boolean mayRestart) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder rb = HttpRequest.newBuilder(spec.url()).timeout(Duration.ofSeconds(60)).GET();
        if (have > 0) {
            rb.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new WeightDownloadException("cannot connect to " + spec.url().getHost() + " for weights '" + spec.name()
                    + "' (" + e + "). Without network access: copy the file (sha256 " + spec.sha256() + ") to "
                    + target + " and use --offline.", e);
        } catch (HttpTimeoutException e) {
            throw new WeightDownloadException("timeout fetching " + spec.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeightDownloadException("interrupted fetching " + spec.url(), e);
        }
        int status = resp.statusCode();
        boolean append;
        if (status == 206 && have > 0 && contentRangeStartsAt(resp, have)) {
            append = true;
            log.printf("weights %s: resuming %s at byte %d%n", spec.name(), spec.url(), have);
        } else if (status == 200) {
            append = false; // the server ignored the Range request (or there was none): start over
            log.printf("weights %s: downloading %s%s%n", spec.name(), spec.url(),
                    resp.headers().firstValueAsLong("Content-Length").stream()
                            .mapToObj(n -> String.format(Locale.ROOT, " (%.1f MB)", n / 1e6)).findFirst().orElse(""));
        } else {
            resp.body().close();
            if ((status == 416 || status == 206) && have > 0 && mayRestart) {
                Files.delete(part); // the server does not continue our partial file where it ends: start over
                download(spec, target, false);
                return;
            }
            throw new WeightDownloadException("HTTP " + status + " fetching weights '" + spec.name() + "' from "
                    + spec.url() + (status == 404 ? ": not found (check the URL)" : "") + "; nothing cached");
        }
        long written = append ? have : 0;
        try (InputStream in = resp.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                written += n;
            }
        } catch (IOException e) {
            throw new WeightDownloadException("download of " + spec.url() + " broke off after " + written + " bytes ("
                    + e + "); run again to resume from " + part, e);
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        String actual = sha256(part);
        if (!actual.equals(spec.sha256())) {
            Files.deleteIfExists(part);
            throw new WeightDownloadException("sha256 mismatch for weights '" + spec.name() + "' from " + spec.url()
                    + ": expected " + spec.sha256() + ", got " + actual + " (" + written + " bytes); nothing cached");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        log.printf("weights %s: sha256 verified, cached %s%n", spec.name(), target);
    }

    private static boolean contentRangeStartsAt(HttpResponse<?> resp, long start) {
        return resp.headers().firstValue("Content-Range").map(v -> v.trim().startsWith("bytes " + start + "-")).orElse(false);
    }

    public static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                byte[] buf = new byte[1 << 16];
                while (in.read(buf) >= 0) {
                    // digesting
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
