package dev.berth.cli;

import dev.berth.model.ImageCheck;
import dev.berth.model.ImageInfo;
import dev.berth.model.PullRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "images", mixinStandardHelpOptions = true, aliases = {"i", "image"}, description = "Images.",
        subcommands = {ImagesCommand.Ls.class, ImagesCommand.Pull.class, ImagesCommand.Rm.class, ImagesCommand.Check.class})
public final class ImagesCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, aliases = "list", description = "List images.")
    public static final class Ls implements Callable<Integer> {
        private final Cli cli;

        public Ls(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.output().list(cli.service().images().list(),
                    new Output.Column<>("REF", ImageInfo::name),
                    new Output.Column<>("TYPE", i -> shortType(i.mediaType())),
                    new Output.Column<>("DIGEST", ImageInfo::digest),
                    new Output.Column<>("SIZE", i -> Output.size(i.size())),
                    new Output.Column<>("PLATFORM", ImageInfo::platform));
            return Cli.OK;
        }

        static String shortType(String mediaType) {
            if (mediaType.contains("index") || mediaType.contains("manifest.list")) {
                return "index";
            }
            return mediaType.contains("docker") ? "docker-manifest" : "manifest";
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Pull an image and unpack it, with a progress bar per layer.")
    public static final class Pull implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "REF", description = "e.g. nginx, user/app:1, 127.0.0.1:5000/test/busybox:1")
        String reference;

        @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "default: this machine's")
        String platform;

        @Option(names = "--snapshotter", paramLabel = "NAME", description = "default: overlayfs")
        String snapshotter;

        @Option(names = "--plain", description = "plain progress lines even on a terminal")
        boolean plain;

        @Option(names = {"-q", "--quiet"}, description = "no progress output")
        boolean quiet;

        public Pull(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            boolean terminal = System.console() != null && !plain && !"dumb".equals(cli.env().get("TERM"));
            PullRenderer renderer = new PullRenderer(cli.err(), terminal);
            ImageInfo image = cli.service().images().pull(new PullRequest(reference, platform, false, snapshotter),
                    quiet || cli.output().format() == Output.Format.json ? p -> { } : renderer);
            cli.output().result(image.name() + " " + image.digest(), image);
            return Cli.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, aliases = {"delete", "remove"}, description = "Delete images.")
    public static final class Rm implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "REF", arity = "1..*")
        java.util.List<String> references;

        @Option(names = "--sync", description = "wait until containerd has collected the freed content")
        boolean sync;

        public Rm(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            for (String ref : references) {
                cli.service().images().delete(ref, sync);
                cli.output().result(ref, Map.of("deleted", ref));
            }
            return Cli.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Show the registry's current digest for REF, without downloading layers.")
    public static final class Check implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "REF")
        String reference;

        public Check(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            ImageCheck c = cli.service().images().check(reference, false);
            String state = !c.present() ? "not pulled" : c.updateAvailable() ? "update available" : "up to date";
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("reference", c.reference());
            json.put("remoteDigest", c.remoteDigest());
            json.put("localDigest", c.localDigest());
            json.put("updateAvailable", c.updateAvailable());
            cli.output().result(c.reference() + "\nremote: " + c.remoteDigest() + "\nlocal:  "
                    + (c.localDigest() == null ? "-" : c.localDigest()) + "\n" + state, json);
            return Cli.OK;
        }
    }
}
