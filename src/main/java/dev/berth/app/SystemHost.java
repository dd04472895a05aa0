package dev.berth.app;

import dev.berth.ui.firstrun.FirstRunViewModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** This machine, as the first-run screen needs to know it. Blocking (file checks): not on the UI thread. */
final class SystemHost implements FirstRunViewModel.Host {

    private final Map<String, String> env;

    SystemHost(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    @Override
    public boolean containerdInstalled() {
        return containerdBinary(env).isPresent();
    }

    @Override
    public String userName() {
        return System.getProperty("user.name", "$USER");
    }

    /** The containerd binary on the PATH, else in /usr/bin, /usr/local/bin, /usr/sbin. */
    static Optional<Path> containerdBinary(Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/usr/sbin", "/usr/local/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "containerd");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
