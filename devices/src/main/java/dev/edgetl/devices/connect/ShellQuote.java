package dev.edgetl.devices.connect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Quoting for a POSIX remote shell (sh, bash, dash, Android's mksh/toybox): every argument is single-quoted, so no
 * character in a file name or option reaches the shell as syntax. ssh and adb hand the device's shell one string;
 * this builds that string from an argument list.
 */
public final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {}

    public static String quote(String arg) {
        if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(quote(a));
        }
        return sb.toString();
    }
}
