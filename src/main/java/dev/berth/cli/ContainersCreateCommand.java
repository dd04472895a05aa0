package dev.berth.cli;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.MountSpec;
import dev.berth.model.PullProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth containers create ID IMAGE [options] [-- CMD ...]}. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a container from an image (pulled first when missing).")
public final class ContainersCreateCommand implements Callable<Integer> {

    private final Cli cli;

    @Parameters(index = "0", paramLabel = "ID", description = "container id")
    String id;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "image reference")
    String image;

    @Parameters(index = "2..*", paramLabel = "CMD", description = "command (replaces the image's Cmd)")
    List<String> command = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "environment variable (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "SRC:DST[:ro]", description = "bind-mount a host path (repeatable)")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "container label (repeatable)")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-t", "--tty"}, description = "allocate a terminal")
    boolean tty;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "working directory (absolute)")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "user, uid, user:group or uid:gid")
    String user;

    @Option(names = "--entrypoint", paramLabel = "PROGRAM",
            description = "replaces the image's Entrypoint (and, without CMD, its Cmd); \"\" removes it")
    String entrypoint;

    @Option(names = "--snapshotter", paramLabel = "NAME", description = "default: overlayfs")
    String snapshotter;

    @Option(names = {"--from-snapshot", "--parent-snapshot"}, paramLabel = "KEY",
            description = "start from this committed snapshot (e.g. a version) instead of the image's top layer, "
                    + "or take this active snapshot (one no container uses) as the container's own")
    String parentSnapshot;

    public ContainersCreateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        List<MountSpec> ms = new ArrayList<>();
        for (String m : mounts) {
            ms.add(parseMount(m));
        }
        Map<String, String> ls = new LinkedHashMap<>();
        for (String l : labels) {
            String[] kv = Labels.parse(l, false);
            ls.put(kv[0], kv[1]);
        }
        List<String> ep = entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint);
        ContainerSpec spec = new ContainerSpec(ep, command, env, workdir, user, tty, ms);
        CreateContainerRequest req = new CreateContainerRequest(id, image, spec, ls, snapshotter, parentSnapshot);
        AtomicReference<PullProgress.Phase> phase = new AtomicReference<>();
        ContainerInfo c = cli.service().containers().create(req, p -> {
            if (phase.getAndSet(p.phase()) != p.phase()) {
                cli.err().println("pulling " + p.reference() + ": " + p.phase().name().toLowerCase());
                cli.err().flush();
            }
        });
        cli.output().result(c.id(), c);
        return Cli.OK;
    }

    /** {@code SRC:DST[:ro|rw]}; a relative source is taken from the current directory. */
    static MountSpec parseMount(String arg) {
        String[] p = arg.split(":", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new BerthException.InvalidArgument("mount \"" + arg + "\" must be SRC:DST or SRC:DST:ro");
        }
        boolean ro = false;
        if (p.length == 3) {
            if (!p[2].equals("ro") && !p[2].equals("rw")) {
                throw new BerthException.InvalidArgument("mount \"" + arg + "\": the third part must be ro or rw");
            }
            ro = p[2].equals("ro");
        }
        String src = Path.of(p[0]).toAbsolutePath().normalize().toString();
        return MountSpec.bind(src, p[1], ro);
    }
}
