package dev.edgetl.devices.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A device reached with the system OpenSSH client, so ~/.ssh/config, keys, the agent and jump hosts all work as the
 * user has set them up. Host keys are always checked ({@code StrictHostKeyChecking=yes} comes first, and ssh keeps
 * the first value of an option, so a later {@code -o StrictHostKeyChecking=no} cannot turn it off). Commands reach
 * the remote shell as one string in which every argument is quoted. Connection sharing is left to the user's ssh
 * config ({@code ControlMaster}/{@code ControlPersist}): a deploy opens about ten connections, each file being sent,
 * checked and renamed in one.
 */
public final class SshConnector extends ShellConnector {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]%-]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]+");

    private final String user;
    private final String host;
    private final int port;
    private final List<String> options;
    private final List<String> java;

    /**
     * @param user may be null (ssh config or the local user decides)
     * @param port -1 for the ssh config's or default port
     * @param options extra ssh client arguments, e.g. {@code -i key}, {@code -o UserKnownHostsFile=...}, {@code -J jump}
     * @param javaCommand how to start java on the device
     */
    public SshConnector(String user, String host, int port, List<String> options, List<String> javaCommand) {
        if (host == null || !HOST.matcher(host).matches() || host.startsWith("-")) {
            throw new IllegalArgumentException("invalid ssh host '" + host + "'");
        }
        if (user != null && (!USER.matcher(user).matches() || user.startsWith("-"))) {
            throw new IllegalArgumentException("invalid ssh user '" + user + "'");
        }
        this.user = user;
        this.host = host;
        this.port = port;
        this.options = List.copyOf(options);
        this.java = List.copyOf(javaCommand);
    }

    @Override
    protected List<String> wrap(String shellCommand) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ssh");
        cmd.add("-o");
        cmd.add("StrictHostKeyChecking=yes");
        cmd.add("-o");
        cmd.add("BatchMode=yes");
        cmd.add("-o");
        cmd.add("ConnectTimeout=15");
        if (port > 0) {
            cmd.add("-p");
            cmd.add(String.valueOf(port));
        }
        cmd.addAll(options);
        cmd.add(user == null ? host : user + "@" + host);
        cmd.add(shellCommand);
        return cmd;
    }

    @Override
    protected DeviceException transportFailure(ExecResult r) {
        if (r.exitCode() != 255) {
            return null;
        }
        String err = Failures.tail(r.stderr());
        String where = describe();
        if (err.contains("Host key verification failed") || err.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
                || err.contains("No ED25519 host key is known") || err.contains("host key is known")) {
            return new DeviceException(DeviceException.Kind.HOST_KEY, where + ": host key verification failed (add the device's key to"
                    + " known_hosts after checking its fingerprint; edgetl never disables the check): " + err);
        }
        if (err.contains("Permission denied") || err.contains("Too many authentication failures")) {
            return new DeviceException(DeviceException.Kind.AUTHENTICATION, where + ": authentication failed (check the user, key and agent): " + err);
        }
        if (err.contains("Connection refused") || err.contains("Could not resolve hostname") || err.contains("timed out")
                || err.contains("No route to host") || err.contains("Network is unreachable") || err.contains("Connection closed by")
                || err.contains("kex_exchange_identification") || err.contains("Connection reset")) {
            return new DeviceException(DeviceException.Kind.UNREACHABLE, where + ": unreachable: " + err);
        }
        if (err.isEmpty() || err.contains("Killed by signal") || err.contains("closed by remote host")) {
            // ssh also exits 255 when the remote command dies from a signal
            return new DeviceException(DeviceException.Kind.KILLED, where + ": the remote command or the connection was killed (ssh exit 255)"
                    + (err.isEmpty() ? "" : ": " + err));
        }
        return new DeviceException(DeviceException.Kind.UNREACHABLE, where + ": ssh failed (exit 255): " + err);
    }

    @Override
    public String describe() {
        return "ssh " + (user == null ? "" : user + "@") + host + (port > 0 ? ":" + port : "");
    }

    @Override
    public String tempBase() {
        return "/tmp";
    }

    @Override
    public List<String> javaCommand() {
        return java;
    }
}
