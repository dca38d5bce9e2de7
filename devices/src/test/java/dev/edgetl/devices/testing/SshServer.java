package dev.edgetl.devices.testing;

import dev.edgetl.devices.connect.SshConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server (Debian openssh-server's /usr/sbin/sshd) on 127.0.0.1 and a free port, with a fresh host key,
 * one authorised client key and its own config, running as the current user. Clients get a known_hosts file with
 * exactly that host key, so strict host-key checking stays on in the tests.
 */
public final class SshServer implements AutoCloseable {
    public static final Path SSHD = Paths.get("/usr/sbin/sshd");

    public final Path dir;
    public final int port;
    public final Path clientKey;
    public final Path knownHosts;
    private final Process process;

    private SshServer(Path dir, int port, Path clientKey, Path knownHosts, Process process) {
        this.dir = dir;
        this.port = port;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
        this.process = process;
    }

    public static String unavailableReason() {
        if (!Files.isExecutable(SSHD)) return SSHD + " is missing (apt-get install openssh-server)";
        if (!Files.isExecutable(Paths.get("/usr/bin/ssh-keygen")) || !Files.isExecutable(Paths.get("/usr/bin/ssh"))) {
            return "ssh / ssh-keygen missing (apt-get install openssh-client)";
        }
        return null;
    }

    public static SshServer start(Path dir) throws Exception {
        SystemParts.require(unavailableReason());
        Path hostKey = dir.resolve("host_ed25519");
        Path clientKey = dir.resolve("client_ed25519");
        keygen(hostKey);
        keygen(clientKey);
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(Paths.get(clientKey + ".pub"), authorized);
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorized,
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "MaxStartups 50",
                "LogLevel ERROR",
                ""));
        // Debian's sshd insists on its privilege-separation folder (a tmpfs /run in a fresh container lacks it).
        Path privsep = Paths.get("/run/sshd");
        if (!Files.isDirectory(privsep) && "root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(privsep);
        }
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(Paths.get(hostKey + ".pub")));
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("sshd did not listen on port " + port + ": " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(100);
            }
        }
        return new SshServer(dir, port, clientKey, knownHosts, p);
    }

    /** Client options: our key only, our known_hosts only, no user ssh config. */
    public List<String> clientOptions(Path key, Path knownHostsFile) {
        List<String> o = new ArrayList<>();
        o.add("-F");
        o.add("/dev/null");
        o.add("-i");
        o.add(key.toString());
        o.add("-o");
        o.add("IdentitiesOnly=yes");
        o.add("-o");
        o.add("IdentityAgent=none");
        o.add("-o");
        o.add("UserKnownHostsFile=" + knownHostsFile);
        o.add("-o");
        o.add("GlobalKnownHostsFile=/dev/null");
        o.add("-o");
        o.add("LogLevel=ERROR");
        return o;
    }

    public SshConnector connector(List<String> javaCommand) {
        return new SshConnector(System.getProperty("user.name"), "127.0.0.1", port, clientOptions(clientKey, knownHosts), javaCommand);
    }

    public static void keygen(Path key) throws Exception {
        Process k = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        if (!k.waitFor(30, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + new String(k.getInputStream().readAllBytes()));
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
