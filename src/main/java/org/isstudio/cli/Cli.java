package org.isstudio.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Dispatches {@code isstudio COMMAND ARGS...} to the registered commands. */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final List<Command> commands;

    public Cli(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /** Every command the launcher offers, in the order {@code help} lists them. */
    public static Cli standard() {
        return new Cli(List.of(
                // commands register here, one line each
                new ValidateCommand(),
                new ConvertCommand(),
                new ExportCommand(),
                new DownloadCommand(),
                new ModelsCommand(),
                new TokenizeCommand(),
                new ScoreCommand(),
                new EvaluateCommand(),
                new BenchCommand()
        ));
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            if (args.length > 1) {
                Optional<Command> c = find(args[1]);
                if (c.isPresent()) {
                    out.println(c.get().usage());
                    return OK;
                }
            }
            printHelp(out);
            return OK;
        }
        if (args[0].equals("--version") || args[0].equals("version")) {
            out.println("isstudio " + version());
            return OK;
        }
        Optional<Command> command = find(args[0]);
        if (command.isEmpty()) {
            err.println("isstudio: unknown command '" + args[0] + "'");
            printHelp(err);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return command.get().run(rest, out, err);
        } catch (UsageException e) {
            err.println("isstudio " + command.get().name() + ": " + e.getMessage());
            err.println(command.get().usage());
            return USAGE;
        } catch (Exception e) {
            err.println("isstudio " + command.get().name() + ": " + describe(e));
            return USAGE;
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private Optional<Command> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private void printHelp(PrintStream out) {
        out.println("usage: isstudio [COMMAND [ARGS...]]   (no command: start the desktop application)");
        out.println();
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(8);
        for (Command c : commands) {
            out.printf("  %-" + width + "s  %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("isstudio help COMMAND shows a command's options; isstudio --version its version.");
    }

    public static String version() {
        String v = Cli.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
