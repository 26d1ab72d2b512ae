package org.isstudio.cli;

import org.isstudio.engine.tokenizer.Tokenizers;
import org.isstudio.format.TaskFiles;
import org.isstudio.format.validate.TokenCounter;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code isstudio validate [--type TYPE] [--tokenizer DIR] FILE...}: what the contest's loader would trip on. */
public final class ValidateCommand implements Command {

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "check contest CSV/JSONL files or projects for everything the contest's loader would trip on";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio validate [--type TYPE] [--tokenizer DIR] FILE...
                  FILE             a contest .csv or .jsonl, or a project .isproj
                  --type TYPE      classification, classification_acc, sequence_prob, logodds or
                                   absolute_logodds (default: from the columns)
                  --tokenizer DIR  a model or tokenizer folder: also check the 1023-token limit and that
                                   logodds classes are single tokens
                prints one line per finding, file:row:column: error|warning: message
                exit 0 when there are no errors, 1 when there are, 2 on bad usage or an unreadable file""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        TaskType type = null;
        Path tokenizer = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--type" -> type = TaskType.parse(value(args, ++i, a));
                case "--tokenizer" -> tokenizer = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--")) throw new UsageException("unknown option " + a);
                    files.add(Path.of(a));
                }
            }
        }
        if (files.isEmpty()) throw new UsageException("give at least one file");
        TokenCounter tokens = null;
        if (tokenizer != null) {
            var tok = Tokenizers.load(tokenizer);
            tokens = tok::encode;
        }
        int errors = 0;
        int warnings = 0;
        boolean unreadable = false;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                err.println(f + ": no such file");
                unreadable = true;
                continue;
            }
            List<Diagnostic> found;
            try {
                found = TaskFiles.validate(f, type, tokens);
            } catch (IOException e) {
                err.println(e.getMessage());
                unreadable = true;
                continue;
            }
            for (Diagnostic d : found) {
                out.println(relocate(d, f).format());
                if (d.severity() == Severity.ERROR) errors++;
                else warnings++;
            }
        }
        err.println(errors + " error(s), " + warnings + " warning(s) in " + files.size() + " file(s)");
        if (unreadable) return Cli.USAGE;
        return errors > 0 ? Cli.FAILED : Cli.OK;
    }

    /** Findings name the file as it was given on the command line, as compilers do. */
    static Diagnostic relocate(Diagnostic d, Path given) {
        if (!d.file().equals(given.getFileName().toString())) return d;
        return new Diagnostic(d.severity(), given.toString(), d.row(), d.column(), d.message(), d.rowId());
    }

    static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size()) throw new UsageException(option + " needs a value");
        return args.get(i);
    }
}
