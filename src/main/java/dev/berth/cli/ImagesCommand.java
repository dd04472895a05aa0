package dev.berth.cli;

import dev.berth.model.ImageInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "images", aliases = {"i", "image"}, description = "Images.",
        subcommands = {ImagesCommand.Ls.class})
public final class ImagesCommand {

    @Command(name = "ls", aliases = "list", description = "List images.")
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
}
