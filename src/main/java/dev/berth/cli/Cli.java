package dev.berth.cli;

import dev.berth.model.BerthException;
import dev.berth.service.ContainerdService;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * The command line's shared state: the global options, where output goes, and the service, opened
 * on first use. {@link #run} is the whole command line: parse, execute, map errors to exit codes.
 */
public final class Cli implements AutoCloseable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    final GlobalOptions options = new GlobalOptions();
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private ContainerdService service;

    public Cli(PrintWriter out, PrintWriter err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        try (Cli cli = new Cli(out, err, env)) {
            Factory factory = new Factory(cli);
            CommandLine cmd = new CommandLine(new BerthCommand(cli), factory);
            for (Class<?> sub : subcommandsFor(args)) {
                cmd.addSubcommand(factory.make(sub));
            }
            cmd.setOut(out);
            cmd.setErr(err);
            cmd.setCaseInsensitiveEnumValuesAllowed(true);
            cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> cli.fail(e));
            cmd.setParameterExceptionHandler((e, a) -> {
                err.println("berth: " + oneLine(e.getMessage()));
                if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                    err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
                }
                err.flush();
                return USAGE;
            });
            return cmd.execute(args);
        }
    }

    /**
     * The subcommands to build for {@code args}: those named in them, else all (help, a misspelt
     * name and its suggestions). Picocli reads every command's annotations when it builds one; with
     * dozens of subcommands and options that was a third of a short command's start-up.
     */
    static java.util.List<Class<?>> subcommandsFor(String[] args) {
        java.util.Set<String> words = java.util.Set.of(args);
        java.util.List<Class<?>> named = new java.util.ArrayList<>();
        for (Class<?> c : BerthCommand.SUBCOMMANDS) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            if (words.contains(a.name()) || java.util.Arrays.stream(a.aliases()).anyMatch(words::contains)) {
                named.add(c);
            }
        }
        return named.isEmpty() ? BerthCommand.SUBCOMMANDS : named;
    }

    int fail(Exception e) {
        if (options.debug) {
            e.printStackTrace(err);
        }
        String message = e instanceof BerthException || e instanceof IllegalArgumentException
                ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        err.println("berth: " + oneLine(message));
        err.flush();
        if (e instanceof BerthException && ((BerthException) e).kind() == BerthException.Kind.INVALID_ARGUMENT) {
            return USAGE;
        }
        return FAILED;
    }

    /**
     * The message on one line: line breaks and tabs become spaces, other control characters (terminal
     * escape sequences in an echoed argument or a server's words) are shown as {@code \\uXXXX}.
     */
    static String oneLine(String s) {
        if (s == null) {
            return "failed";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                sb.append(' ');
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Output output() {
        return new Output(out, options.output);
    }

    public boolean debug() {
        return options.debug;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The pull mode when --pull-mode is not given. */
    public static final String ENV_PULL_MODE = "BERTH_PULL_MODE";

    public ServiceOptions serviceOptions() {
        String address = ServiceOptions.resolveAddress(options.address, env);
        String ns = ServiceOptions.resolveNamespace(options.namespace, env);
        if (options.parallelDownloads < 1 || options.parallelDownloads > 64) {
            throw new dev.berth.model.BerthException.InvalidArgument("--max-concurrent-downloads must be between 1 and 64");
        }
        String mode = options.pullMode != null ? options.pullMode : env.get(ENV_PULL_MODE);
        return ServiceOptions.of(address, ns).withInsecureRegistries(new HashSet<>(options.insecureRegistries))
                .withParallelDownloads(options.parallelDownloads)
                .withPullMode(mode == null || mode.isBlank() ? null : dev.berth.model.PullMode.parse(mode));
    }

    /** The service, connected on first use. */
    public ContainerdService service() {
        if (service == null) {
            if (options.debug) {
                Logger.getLogger("dev.berth").setLevel(Level.FINE);
            }
            service = DefaultContainerdService.connect(serviceOptions());
        }
        return service;
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        out.flush();
        err.flush();
    }

    /** Creates commands, handing each the shared {@link Cli}. */
    private static final class Factory implements CommandLine.IFactory {
        private final Cli cli;

        Factory(Cli cli) {
            this.cli = cli;
        }

        Object make(Class<?> cls) {
            try {
                return create(cls);
            } catch (Exception e) {
                throw new CommandLine.InitializationException("cannot create " + cls.getSimpleName(), e);
            }
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Cli.class).newInstance(cli);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
