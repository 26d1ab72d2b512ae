package org.isstudio.cli;

import org.isstudio.format.TaskFiles;
import org.isstudio.format.lmeval.LmEvalTask;
import org.isstudio.model.PartKind;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code isstudio convert IN OUT}: between contest CSV, release JSONL, projects and lm-evaluation-harness. */
public final class ConvertCommand implements Command {

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "convert between contest CSV, release JSONL, project files and lm-evaluation-harness tasks";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio convert [--type TYPE] IN OUT
                  IN   .csv (contest file), .jsonl (data release or lm-evaluation-harness), .json (BIG-bench
                       task.json) or .isproj (project)
                  OUT  .csv, .jsonl (data release format), .isproj, .zip (submission), or .yaml (an
                       lm-evaluation-harness task config, written with its .jsonl data beside it)
                  --type TYPE  the task type of a CSV input (default: from its columns)
                the format of each file is chosen by its extension""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        TaskType type = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--type")) type = TaskType.parse(ValidateCommand.value(args, ++i, a));
            else if (a.startsWith("--")) throw new UsageException("unknown option " + a);
            else files.add(a);
        }
        if (files.size() != 2) throw new UsageException("give IN and OUT");
        Path in = Path.of(files.get(0));
        Path outFile = Path.of(files.get(1));
        TaskProject project = in.toString().toLowerCase(Locale.ROOT).endsWith(".csv") && type != null
                ? TaskFiles.fromCsv(in, type) : TaskFiles.read(in);
        String outName = outFile.getFileName().toString().toLowerCase(Locale.ROOT);
        if (outName.endsWith(".yaml") || outName.endsWith(".yml")) {
            Path dir = outFile.toAbsolutePath().getParent();
            for (String written : LmEvalTask.write(project, dir)) out.println("wrote " + dir.resolve(written));
            return Cli.OK;
        }
        if (outName.endsWith(".jsonl")) {
            for (TaskPart p : project.parts()) {
                if (p.kind() == PartKind.CONTROL) {
                    err.println("note: " + p.fileStem(project.name()) + " is a control set, which the data release format "
                            + "does not hold; it is not in " + outFile);
                }
            }
        }
        TaskFiles.write(project, outFile);
        int rows = project.parts().stream().mapToInt(p -> p.rows().size()).sum();
        out.println("wrote " + outFile + " (" + rows + " rows in " + project.parts().size() + " part(s))");
        return Cli.OK;
    }
}
