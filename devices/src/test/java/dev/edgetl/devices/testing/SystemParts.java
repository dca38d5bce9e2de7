package dev.edgetl.devices.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * System packages the devices tests need (sshd, qemu-user-static, the arm64 JRE sysroot): installed by
 * .ci/install-test-deps. Missing ones skip a test with a message, except under CI (CI=true or
 * EDGETL_REQUIRE_FIXTURES=1), where they fail it.
 */
public final class SystemParts {
    public static final String SKIP_MESSAGE = "edgetl system test parts not installed";

    private SystemParts() {}

    public static void require(String reason) {
        if (reason == null) return;
        String msg = SKIP_MESSAGE + ": " + reason + " (run .ci/install-test-deps as root)";
        if ("true".equals(System.getenv("CI")) || "1".equals(System.getenv("EDGETL_REQUIRE_FIXTURES"))) {
            Assertions.fail(msg + "; required under CI");
        }
        Assumptions.abort(msg);
    }
}
