package dev.berth.cli;

import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotNode;
import dev.berth.model.SnapshotUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth snapshots ls|tree|commit|prepare|mounts|usage|rm}. */
@Command(name = "snapshots", aliases = {"s", "snapshot"}, mixinStandardHelpOptions = true, description = "Snapshots.",
        subcommands = {SnapshotsCommand.Ls.class, SnapshotsCommand.Tree.class, SnapshotsCommand.Commit.class,
                SnapshotsCommand.Prepare.class, SnapshotsCommand.Mounts.class, SnapshotsCommand.Usage.class,
                SnapshotsCommand.Rm.class})
public final class SnapshotsCommand {

    /** The snapshotter option every subcommand takes. */
    public static final class SnapshotterOption {
        @Option(names = "--snapshotter", paramLabel = "NAME", description = "default: overlayfs")
        String snapshotter;
    }

    /** {@code --label KEY=VALUE}, repeatable. */
    static Map<String, String> labels(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : args) {
            String[] kv = Labels.parse(l, false);
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    static Map<String, Object> json(SnapshotInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("parent", s.parent());
        m.put("kind", s.kind().name());
        m.put("snapshotter", s.snapshotter());
        m.put("createdAt", s.createdAt());
        m.put("labels", s.labels());
        return m;
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List snapshots.")
    public static final class Ls implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        SnapshotterOption sn = new SnapshotterOption();

        public Ls(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.output().list(cli.service().snapshots().list(sn.snapshotter),
                    new Output.Column<>("KEY", SnapshotInfo::name),
                    new Output.Column<>("PARENT", SnapshotInfo::parent),
                    new Output.Column<>("KIND", SnapshotInfo::kind));
            return Cli.OK;
        }
    }

    @Command(name = "tree", mixinStandardHelpOptions = true,
            description = "Snapshots as a tree by parent, with the container that uses each one.")
    public static final class Tree implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        SnapshotterOption sn = new SnapshotterOption();

        @Option(names = {"-u", "--usage"}, description = "read each snapshot's size and inodes too (slow on big active snapshots)")
        boolean usage;

        public Tree(Cli cli) {
            this.cli = cli;
        }

        /** One line of the tree. */
        public record Line(String name, String parent, String kind, int depth, List<String> usedBy,
                           Map<String, String> labels, Long size, Long inodes) {
        }

        @Override
        public Integer call() {
            var service = cli.service().snapshots();
            List<Line> lines = new ArrayList<>();
            for (SnapshotNode root : service.tree(sn.snapshotter)) {
                walk(root, 0, lines, service);
            }
            if (cli.output().format() == Output.Format.json) {
                cli.output().json(lines);
                return Cli.OK;
            }
            List<Output.Column<Line>> cols = new ArrayList<>();
            cols.add(new Output.Column<>("SNAPSHOT", l -> "  ".repeat(l.depth()) + (l.depth() > 0 ? "\u2514 " : "") + l.name()));
            cols.add(new Output.Column<>("KIND", l -> l.kind()));
            cols.add(new Output.Column<>("CONTAINER", l -> l.usedBy().isEmpty() ? "" : String.join(",", l.usedBy())));
            if (usage) {
                cols.add(new Output.Column<>("SIZE", l -> l.size() == null ? "-" : Output.size(l.size())));
                cols.add(new Output.Column<>("INODES", l -> l.inodes() == null ? "-" : l.inodes()));
            }
            @SuppressWarnings("unchecked")
            Output.Column<Line>[] array = cols.toArray(new Output.Column[0]);
            cli.output().list(lines, array);
            return Cli.OK;
        }

        private void walk(SnapshotNode root, int depth, List<Line> out, dev.berth.service.SnapshotService service) {
            // iterative, parents first (chains of image layers can be deep)
            java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
            todo.push(new Object[] {root, depth});
            while (!todo.isEmpty()) {
                Object[] top = todo.pop();
                SnapshotNode n = (SnapshotNode) top[0];
                int d = (Integer) top[1];
                Long size = null;
                Long inodes = null;
                if (usage) {
                    SnapshotUsage u = service.usage(n.info().snapshotter(), n.name());
                    size = u.size();
                    inodes = u.inodes();
                }
                out.add(new Line(n.name(), n.info().parent(), n.info().kind().name().toLowerCase(java.util.Locale.ROOT),
                        d, n.usedBy(), n.info().labels(), size, inodes));
                for (int i = n.children().size() - 1; i >= 0; i--) {
                    todo.push(new Object[] {n.children().get(i), d + 1});
                }
            }
        }
    }

    @Command(name = "commit", mixinStandardHelpOptions = true,
            description = "Commit active snapshot KEY as NAME (kept with containerd.io/gc.root). "
                    + "For a container's snapshot use 'berth containers commit'.")
    public static final class Commit implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "NAME", description = "name of the committed snapshot")
        String name;

        @Parameters(index = "1", paramLabel = "KEY", description = "the active snapshot (consumed)")
        String key;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "label (repeatable)")
        List<String> labels = new ArrayList<>();

        @Mixin
        SnapshotterOption sn = new SnapshotterOption();

        public Commit(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            SnapshotInfo s = cli.service().snapshots().commit(sn.snapshotter, name, key, labels(labels));
            cli.output().result(s.name(), json(s));
            return Cli.OK;
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Prepare active snapshot KEY on committed PARENT (none: an empty one); kept with containerd.io/gc.root.")
    public static final class Prepare implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "KEY", description = "name of the new active snapshot")
        String key;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PARENT", description = "a committed snapshot")
        String parent;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "label (repeatable)")
        List<String> labels = new ArrayList<>();

        @Option(names = "--mounts", description = "print its mounts too")
        boolean mounts;

        @Mixin
        SnapshotterOption sn = new SnapshotterOption();

        public Prepare(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            SnapshotInfo s = cli.service().snapshots().prepare(sn.snapshotter, key, parent, labels(labels));
            if (!mounts) {
                cli.output().result(s.name(), json(s));
                return Cli.OK;
            }
            List<MountInfo> m = cli.service().snapshots().mounts(s.snapshotter(), s.name());
            Map<String, Object> j = new LinkedHashMap<>(json(s));
            j.put("mounts", m);
            cli.output().result(s.name() + "\n" + Mounts.text(m), j);
            return Cli.OK;
        }
    }

    @Command(name = "mounts", mixinStandardHelpOptions = true, description = "Print the mounts of an active snapshot or view.")
    public static final class Mounts implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "KEY")
        String key;

        @Mixin
        SnapshotterOption sn = new SnapshotterOption();

        public Mounts(Cli cli) {
            this.cli = cli;
        }

        /** One line per mount, as {@code mount -t TYPE SOURCE TARGET -o OPTIONS} would take them. */
        static String text(List<MountInfo> mounts) {
            StringBuilder sb = new StringBuilder();
            for (MountInfo m : mounts) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(m.type()).append(' ').append(m.source());
                if (!m.options().isEmpty()) {
                    sb.append(' ').append(String.join(",", m.options()));
                }
            }
            return sb.toString();
        }

        @Override
        public Integer call() {
            List<MountInfo> m = cli.service().snapshots().mounts(sn.snapshotter, key);
            cli.output().result(text(m), m);
            return Cli.OK;
        }
    }

    @Command(name = "usage", aliases = "du", mixinStandardHelpOptions = true,
            description = "Size and inodes of snapshots' own layers (all when no KEY is given; slow on big active ones).")
    public static final class Usage implements Callable<Integer> {
        private final Cli cli;

        @Parameters(arity = "0..*", paramLabel = "KEY")
        List<String> keys = new ArrayList<>();

        @Mixin
        SnapshotterOption sn = new SnapshotterOption();

        public Usage(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            var service = cli.service().snapshots();
            keys.forEach(k -> dev.berth.service.Validation.snapshotRef("snapshot", k));
            List<String> names = keys;
            if (names.isEmpty()) {
                names = service.list(sn.snapshotter).stream().map(SnapshotInfo::name).toList();
            }
            List<SnapshotUsage> out = new ArrayList<>();
            for (String k : names) {
                out.add(service.usage(sn.snapshotter, k));
            }
            cli.output().list(out,
                    new Output.Column<>("KEY", SnapshotUsage::name),
                    new Output.Column<>("SIZE", u -> Output.size(u.size())),
                    new Output.Column<>("BYTES", SnapshotUsage::size),
                    new Output.Column<>("INODES", SnapshotUsage::inodes));
            return Cli.OK;
        }
    }

    @Command(name = "rm", aliases = {"remove", "delete"}, mixinStandardHelpOptions = true,
            description = "Remove snapshots (refused while another snapshot is built on one, or a container uses it).")
    public static final class Rm implements Callable<Integer> {
        private final Cli cli;

        @Parameters(arity = "1..*", paramLabel = "KEY")
        List<String> keys;

        @Mixin
        SnapshotterOption sn = new SnapshotterOption();

        public Rm(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            keys.forEach(k -> dev.berth.service.Validation.snapshotRef("snapshot", k)); // all, before any is removed
            for (String k : keys) {
                cli.service().snapshots().remove(sn.snapshotter, k);
                cli.output().result(k, Map.of("removed", k));
            }
            return Cli.OK;
        }
    }
}
