package dev.edgetl.trainer.weights;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Published weights: where to get them and the sha256 they must have. Written on the command line as
 * {@code https://host/path/model.tflite#sha256=<64 hex digits>}. The digest is mandatory: it is what makes a
 * download safe to cache and to reuse offline, and what the model card records as the base model's identity.
 */
public final class WeightSpec {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final String name;
    private final URI url;
    private final String sha256;
    private final String fileName;

    public WeightSpec(String name, URI url, String sha256, String fileName) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("weights URL " + url + ": only http(s) is supported");
        }
        String sha = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(sha).matches()) {
            throw new IllegalArgumentException("weights URL " + url + ": sha256 must be 64 hex digits, got '" + sha256 + "'");
        }
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("weights URL " + url + ": unusable file name '" + fileName + "'");
        }
        this.name = name;
        this.url = url;
        this.sha256 = sha;
        this.fileName = fileName;
    }

    /** True when {@code spec} looks like a URL (then {@link #parseUrl} either accepts it or explains why not). */
    public static boolean isUrl(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        return s.startsWith("https://") || s.startsWith("http://");
    }

    /** {@code https://.../file.tflite#sha256=HEX}. */
    public static WeightSpec parseUrl(String spec) {
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("weights URL '" + spec + "': " + e.getMessage(), e);
        }
        String fragment = uri.getFragment();
        if (fragment == null || !fragment.startsWith("sha256=")) {
            throw new IllegalArgumentException("weights URL '" + spec + "' has no checksum: append #sha256=<64 hex digits>"
                    + " (the sha256 of the file, e.g. from `sha256sum`)");
        }
        URI bare;
        try {
            bare = new URI(spec.substring(0, spec.indexOf('#')));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("weights URL '" + spec + "': " + e.getMessage(), e);
        }
        String path = bare.getPath() == null ? "" : bare.getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        return new WeightSpec(file, bare, fragment.substring("sha256=".length()), file);
    }

    public String name() { return name; }
    public URI url() { return url; }
    public String sha256() { return sha256; }
    public String fileName() { return fileName; }

    @Override
    public String toString() {
        return name + " (" + url + "#sha256=" + sha256 + ")";
    }
}
