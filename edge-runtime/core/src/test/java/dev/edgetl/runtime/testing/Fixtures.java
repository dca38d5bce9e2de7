package dev.edgetl.runtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one setting for real fixtures: {@code EDGETL_FIXTURES} (default {@code ../shared/fixtures} from the
 * repository root). Tests skip with a clear message when the folder is absent, except when
 * {@code EDGETL_REQUIRE_FIXTURES=1} (set by {@code .ci/run}), where a missing fixture fails the test.
 */
public final class Fixtures {
    public static final String SKIP_MESSAGE = "edgetl fixtures not found";

    private Fixtures() {}

    public static Path root() {
        String env = System.getenv("EDGETL_FIXTURES");
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath().normalize();
        }
        // Surefire passes the default computed from the repository root (see the parent pom).
        String dflt = System.getenv("EDGETL_FIXTURES_DEFAULT");
        if (dflt != null && !dflt.isBlank()) {
            return Paths.get(dflt).toAbsolutePath().normalize();
        }
        return Paths.get("../shared/fixtures").toAbsolutePath().normalize();
    }

    /** The fixture at {@code relative}; skips (or fails on CI) when it is missing. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String msg = SKIP_MESSAGE + ": " + p + " is missing (set EDGETL_FIXTURES to the fixtures folder)";
            if ("1".equals(System.getenv("EDGETL_REQUIRE_FIXTURES"))) {
                Assertions.fail(msg + " and EDGETL_REQUIRE_FIXTURES=1");
            }
            Assumptions.abort(msg);
        }
        return p;
    }

    public static Path model(String fileName) {
        return require("models/" + fileName);
    }

    public static Path image(String fileName) {
        return require("images/" + fileName);
    }
}
