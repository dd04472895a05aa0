package dev.berth.app;

import dev.berth.model.BerthException;
import dev.berth.ui.firstrun.FirstRunViewModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A containerd of Berth's own, for root on a machine whose containerd is installed but not running:
 * as the test environment starts one, with its own root ({@code DATA/containerd/root}), state
 * ({@code /run/berth/containerd}), socket ({@code /run/berth/containerd/containerd.sock}) and
 * config (so {@code /etc/containerd/config.toml} is not read; CRI and NRI off, so nothing of
 * kubelet's is touched). Started only when the user asks, with an argument list (no shell), its
 * output in {@code DATA/containerd/containerd.log}. {@link #stop} sends it SIGTERM; a shutdown hook
 * makes sure it does not outlive Berth.
 */
final class PrivateContainerd implements FirstRunViewModel.PrivateDaemon {

    private static final System.Logger LOG = System.getLogger(PrivateContainerd.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path stateDir;
    private final Map<String, String> env;
    private volatile Process process;
    private Thread hook;

    PrivateContainerd(Path dataDir, Path runDir, Map<String, String> env) {
        this.dir = dataDir.resolve("containerd");
        this.stateDir = runDir;
        this.env = env;
    }

    static PrivateContainerd forThisMachine(Path dataDir, Map<String, String> env) {
        return new PrivateContainerd(dataDir, Path.of("/run/berth/containerd"), env);
    }

    @Override
    public String dataDir() {
        return dir.toString();
    }

    @Override
    public String socket() {
        return stateDir.resolve("containerd.sock").toString();
    }

    /** The config: its own root, state and sockets; CRI and NRI off; the "opt" plugin under its own dir. */
    String config() {
        return "version = 2\n"
                + "root = \"" + dir.resolve("root") + "\"\n"
                + "state = \"" + stateDir.resolve("state") + "\"\n"
                + "disabled_plugins = [\n"
                + "  \"io.containerd.grpc.v1.cri\",\n"
                + "  \"io.containerd.cri.v1.images\",\n"
                + "  \"io.containerd.cri.v1.runtime\",\n"
                + "  \"io.containerd.podsandbox.controller.v1.podsandbox\",\n"
                + "  \"io.containerd.nri.v1.nri\",\n"
                + "]\n\n"
                + "[grpc]\n  address = \"" + socket() + "\"\n\n"
                + "[ttrpc]\n  address = \"" + socket() + ".ttrpc\"\n\n"
                + "[debug]\n  address = \"" + stateDir.resolve("debug.sock") + "\"\n\n"
                + "[metrics]\n  address = \"\"\n\n"
                + "[plugins]\n  [plugins.\"io.containerd.internal.v1.opt\"]\n    path = \"" + dir.resolve("opt") + "\"\n";
    }

    /** The command: the binary and its flags, as a list. */
    List<String> command(Path binary) {
        return List.of(binary.toString(), "--config", dir.resolve("config.toml").toString(),
                "--root", dir.resolve("root").toString(), "--state", stateDir.resolve("state").toString(),
                "--address", socket());
    }

    @Override
    public synchronized String start() {
        if (process != null && process.isAlive()) {
            return socket();
        }
        Path binary = SystemHost.containerdBinary(env)
                .orElseThrow(() -> new BerthException.FailedPrecondition("containerd is not installed"));
        Path sock = Path.of(socket());
        try {
            Files.createDirectories(dir.resolve("root"));
            Files.createDirectories(dir.resolve("opt"));
            Files.createDirectories(stateDir.resolve("state"));
            Files.writeString(dir.resolve("config.toml"), config(), StandardCharsets.UTF_8);
            Files.deleteIfExists(sock);
            Files.deleteIfExists(Path.of(socket() + ".ttrpc"));
            ProcessBuilder pb = new ProcessBuilder(command(binary))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("containerd.log").toFile()));
            // its own directory first, so that it finds the shim installed next to it
            pb.environment().put("PATH", binary.getParent() + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
            LOG.log(System.Logger.Level.INFO, "starting a private containerd: " + String.join(" ", pb.command()));
            process = pb.start();
        } catch (IOException e) {
            throw new BerthException.FailedPrecondition("cannot start the private containerd: " + e.getMessage(), e);
        }
        installHook();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(sock)) {
                return socket();
            }
            if (!process.isAlive()) {
                throw new BerthException.FailedPrecondition("the private containerd exited with status "
                        + process.exitValue() + "; see " + dir.resolve("containerd.log"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new BerthException.Cancelled("start of the private containerd cancelled");
            }
        }
        stop();
        throw new BerthException.Unavailable("the private containerd did not open its socket within "
                + START_TIMEOUT.toSeconds() + " s; see " + dir.resolve("containerd.log"));
    }

    /** Asks it to stop (SIGTERM) without waiting; does nothing when it does not run. */
    void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            LOG.log(System.Logger.Level.INFO, "stopping the private containerd (pid " + p.pid() + ")");
            p.destroy();
        }
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** At JVM exit: SIGTERM, up to 10 s, then SIGKILL. */
    private synchronized void installHook() {
        if (hook != null) {
            return;
        }
        hook = new Thread(() -> {
            Process p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }, "berth-private-containerd-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
