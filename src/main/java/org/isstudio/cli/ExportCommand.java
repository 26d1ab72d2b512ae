package org.isstudio.cli;

import org.isstudio.format.TaskFiles;
import org.isstudio.format.validate.Validator;
import org.isstudio.format.zip.SubmissionZip;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskProject;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code isstudio export PROJECT --out ZIP}: the anonymous, byte-reproducible submission zip. */
public final class ExportCommand implements Command {

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "write the submission zip (<task>.csv or -PART<i>/-CONTROL<i> files, anonymous, reproducible)";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio export PROJECT --out ZIP [--form] [--plot FILE] [--force]
                  PROJECT      a project .isproj (or a contest .csv/.jsonl)
                  --out ZIP    where to write the zip; a folder (existing, or ending in /) gets
                               <task_name>.zip, the name the contest asks for
                  --form       add <task>-form.txt with the form answers (authors left out)
                  --plot FILE  add the scaling plot (.png or .svg) as <task>-plot.png/.svg
                  --force      write the zip even when validation finds errors
                the same project always gives the same bytes""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path project = null;
        Path zip = null;
        String outArg = "";
        Path plot = null;
        boolean form = false;
        boolean force = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--out" -> {
                    outArg = ValidateCommand.value(args, ++i, a);
                    zip = Path.of(outArg);
                }
                case "--plot" -> plot = Path.of(ValidateCommand.value(args, ++i, a));
                case "--form" -> form = true;
                case "--force" -> force = true;
                default -> {
                    if (a.startsWith("--")) throw new UsageException("unknown option " + a);
                    if (project != null) throw new UsageException("give one PROJECT");
                    project = Path.of(a);
                }
            }
        }
        if (project == null) throw new UsageException("give the PROJECT to export");
        if (zip == null) throw new UsageException("give --out ZIP");
        TaskProject p = TaskFiles.read(project);
        List<Diagnostic> layout = SubmissionZip.problems(p);
        List<Diagnostic> found = layout.isEmpty() ? new Validator().check(p) : layout;
        long errors = found.stream().filter(d -> d.severity() == Severity.ERROR).count();
        for (Diagnostic d : found) if (d.severity() == Severity.ERROR) err.println(d.format());
        if (!layout.isEmpty() || (errors > 0 && !force)) {
            err.println("export: " + errors + " error(s); nothing written" + (layout.isEmpty() ? " (--force writes it anyway)" : ""));
            return Cli.FAILED;
        }
        String ext = "png";
        byte[] plotBytes = null;
        if (plot != null) {
            ext = plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg") ? "svg" : "png";
            plotBytes = Files.readAllBytes(plot);
        }
        if (Files.isDirectory(zip) || outArg.endsWith("/")) {
            zip = zip.resolve(SubmissionZip.zipName(p));
        }
        SubmissionZip.Options options = new SubmissionZip.Options(form, plotBytes, ext);
        SubmissionZip.write(p, options, zip);
        if (!zip.getFileName().toString().equals(SubmissionZip.zipName(p))) {
            err.println("note: the contest names the zip " + SubmissionZip.zipName(p));
        }
        List<SubmissionZip.Entry> entries = SubmissionZip.entries(p, options);
        out.println("wrote " + zip + ": " + String.join(", ", entries.stream().map(SubmissionZip.Entry::name).toList()));
        return Cli.OK;
    }
}
