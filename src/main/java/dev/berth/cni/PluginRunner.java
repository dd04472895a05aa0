package dev.berth.cni;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs one CNI plugin as the spec says: the executable {@code <bin dir>/<type>} started directly with
 * no arguments (never through a shell), the parameters in {@code CNI_*} environment variables, the
 * configuration on stdin, the result on stdout. A plugin that outlives the timeout is killed together
 * with the processes it started.
 */
final class PluginRunner {

    private static final Logger LOG = Logger.getLogger(PluginRunner.class.getName());

    static final int MAX_STDOUT = 4 << 20;
    static final int MAX_STDERR = 64 << 10;
    /** After the plugin has exited, how long its pipes may stay open (a child it left behind). */
    private static final Duration DRAIN = Duration.ofSeconds(2);
    /** Where plugins find the tools they run (iptables, ip): added to PATH when it lacks them. */
    private static final List<String> SYSTEM_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-cni-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** The parameters of one plugin run. {@code netns} may be empty (DEL of a namespace that is gone). */
    record Call(String command, String containerId, String netns, String ifName, String network) {
    }

    private final List<Path> binDirs;
    private final Duration timeout;

    PluginRunner(List<Path> binDirs, Duration timeout) {
        this.binDirs = List.copyOf(binDirs);
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** The plugin's executable in the first bin dir that has it. */
    Optional<Path> find(String type) {
        CniNames.pluginType(type);
        for (Path dir : binDirs) {
            Path p = dir.resolve(type);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    Path require(String type) {
        return find(type).orElseThrow(() -> new BerthException.FailedPrecondition("CNI plugin \"" + type
                + "\" is not in " + binDirs.stream().map(Path::toString).collect(Collectors.joining(" or "))
                + " (on Debian: apt-get install containernetworking-plugins)"));
    }

    String cniPath() {
        return binDirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    /** The environment a plugin gets: Berth's own, the CNI parameters, and a PATH with the system dirs. */
    Map<String, String> environment(Map<String, String> inherited, Call call) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.keySet().removeIf(k -> k.startsWith("CNI_"));
        env.put("CNI_COMMAND", call.command());
        env.put("CNI_CONTAINERID", call.containerId());
        env.put("CNI_NETNS", call.netns() == null ? "" : call.netns());
        env.put("CNI_IFNAME", call.ifName());
        env.put("CNI_ARGS", "");
        env.put("CNI_PATH", cniPath());
        List<String> path = new ArrayList<>();
        String old = inherited.get("PATH");
        if (old != null && !old.isEmpty()) {
            path.addAll(List.of(old.split(":")));
        }
        for (String d : SYSTEM_PATH) {
            if (!path.contains(d)) {
                path.add(d);
            }
        }
        env.put("PATH", String.join(":", path));
        return env;
    }

    /**
     * Runs plugin {@code type} and returns what it wrote to stdout.
     *
     * @throws CniPluginException when it exits non-zero
     * @throws BerthException.Timeout when it runs longer than the timeout (it is killed)
     * @throws BerthException.Cancelled when the thread is interrupted (it is killed)
     */
    byte[] run(String type, Call call, byte[] stdin) {
        Path exe = require(type);
        ProcessBuilder pb = new ProcessBuilder(List.of(exe.toString())).directory(Path.of("/").toFile());
        Map<String, String> env = environment(System.getenv(), call);
        pb.environment().clear();
        pb.environment().putAll(env);
        String what = type + " (" + call.command() + ", network " + call.network() + ")";
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BerthException.FailedPrecondition("cannot start CNI plugin " + exe + ": " + e.getMessage(), e);
        }
        CompletableFuture<Capture> out = CompletableFuture.supplyAsync(() -> capture(p.getInputStream(), MAX_STDOUT), IO);
        CompletableFuture<Capture> err = CompletableFuture.supplyAsync(() -> capture(p.getErrorStream(), MAX_STDERR), IO);
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> feed(p.getOutputStream(), stdin), IO);
        long started = System.nanoTime();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p);
                throw new BerthException.Timeout("CNI plugin " + what + " did not finish within "
                        + seconds(timeout) + "; it was killed");
            }
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new BerthException.Cancelled("CNI plugin " + what + " was cancelled; it was killed", e);
        }
        int exit = p.exitValue();
        Capture stdout = drain(out, p);
        Capture stderr = drain(err, p);
        in.cancel(true);
        LOG.fine(() -> "CNI " + what + " exited " + exit + " after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        if (exit != 0) {
            throw error(type, call, exit, stdout, stderr);
        }
        if (stdout.overflow) {
            throw new BerthException.Internal("CNI plugin " + what + " wrote more than " + (MAX_STDOUT >> 20)
                    + " MiB to stdout; that is not a CNI result");
        }
        return stdout.bytes;
    }

    private static CniPluginException error(String type, Call call, int exit, Capture stdout, Capture stderr) {
        JsonNode e = errorJson(stdout.bytes);
        if (e == null) {
            e = errorJson(stderr.bytes);
        }
        String err = new String(stderr.bytes, StandardCharsets.UTF_8);
        if (e != null) {
            int code = e.get("code").asInt();
            return new CniPluginException(type, call.command(), call.network(), code, text(e, "msg"), text(e, "details"), err);
        }
        String out = new String(stdout.bytes, StandardCharsets.UTF_8).strip();
        String msg = err.isBlank() && !out.isEmpty() ? "exit status " + exit + ": " + clip(out)
                : err.isBlank() ? "exit status " + exit : "";
        return new CniPluginException(type, call.command(), call.network(), -1, msg, "", err);
    }

    /** The CNI error object in {@code bytes}, or null. */
    static JsonNode errorJson(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            JsonNode n = NetworkConfigList.JSON.readTree(bytes);
            if (n != null && n.isObject() && n.has("code") && n.get("code").canConvertToInt()
                    && (n.get("code").isIntegralNumber() || n.get("code").isTextual())) {
                return n;
            }
        } catch (IOException ignored) {
            // not JSON
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.isTextual() ? v.textValue() : v.toString();
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "\u2026" : s;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private record Capture(byte[] bytes, boolean overflow) {
    }

    private static Capture capture(InputStream in, int max) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        boolean overflow = false;
        byte[] b = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(b)) >= 0) {
                int room = max - buf.size();
                if (n > room) {
                    overflow = true;
                }
                buf.write(b, 0, Math.max(0, Math.min(n, room)));
            }
        } catch (IOException e) {
            // the process is gone, or the pipe was closed while killing it
        }
        return new Capture(buf.toByteArray(), overflow);
    }

    private static void feed(OutputStream os, byte[] data) {
        try (os) {
            os.write(data);
        } catch (IOException e) {
            // a plugin may exit without reading its config (e.g. on a bad environment)
        }
    }

    private static Capture drain(CompletableFuture<Capture> f, Process p) {
        try {
            return f.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // something the plugin started still holds the pipe: kill what is left, take what came
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            LOG.warning(() -> "CNI plugin pid " + p.pid() + " left a process holding its output open");
            return new Capture(new byte[0], false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Capture(new byte[0], false);
        } catch (ExecutionException e) {
            return new Capture(new byte[0], false);
        }
    }

    /**
     * Kills the plugin and every process it started with SIGKILL. The children are listed first: once
     * the plugin dies they are re-parented and no longer its descendants. Only the plugin itself is
     * waited for (the JDK can wait for other processes only by polling).
     */
    static void killTree(Process p) {
        List<ProcessHandle> children = p.descendants().collect(Collectors.toList());
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                LOG.warning(() -> "CNI plugin pid " + p.pid() + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
