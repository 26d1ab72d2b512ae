package org.isstudio.cli;

import org.isstudio.engine.Cancellation;
import org.isstudio.eval.EvalModel;
import org.isstudio.eval.EvalModels;
import org.isstudio.eval.FewShotSweep;
import org.isstudio.eval.ProjectItems;
import org.isstudio.eval.SeriesReport;
import org.isstudio.eval.TaskRun;
import org.isstudio.eval.cache.ScoreCache;
import org.isstudio.eval.report.ContestFiles;
import org.isstudio.eval.report.ContestPlotRenderer;
import org.isstudio.eval.report.PlotStyle;
import org.isstudio.eval.report.ReportPlots;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.format.TaskFiles;
import org.isstudio.format.json.ProjectFile;
import org.isstudio.format.validate.Validator;
import org.isstudio.model.AppPaths;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.isstudio.remote.catalog.Catalog;
import org.isstudio.remote.catalog.ModelChoice;
import org.isstudio.remote.catalog.ModelResolver;
import org.isstudio.remote.http.JdkHttpTransport;
import org.isstudio.remote.hub.HubClient;
import org.isstudio.remote.hub.HubConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code isstudio evaluate TASK.csv --models demo --out DIR}: what the contest's colab does (main.py, then
 * plot_loss.py), on local models, Hub models or servers, plus the statistics a reviewer asks for.
 */
public final class EvaluateCommand implements Command {

    private final boolean terminal;
    private final HubConfig hubConfig;

    public EvaluateCommand() {
        this(System.console() != null, HubConfig.fromEnvironment());
    }

    EvaluateCommand(boolean terminal, HubConfig hubConfig) {
        this.terminal = terminal;
        this.hubConfig = hubConfig;
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score a task on a series of models: the contest's result files, plot and statistics";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio evaluate TASK.csv|TASK.jsonl|PROJECT.isproj [--task-type TYPE] [--models LIST] [--out DIR]
                                         [options]

                Checks the task as the contest would load it, scores every row on each model as the contest's
                evaluation code does, and writes to DIR (default: results/ beside the task): a copy of the input,
                one MODEL.csv per model (index,loss,correct,predicted,total_logprob for classification; index,loss
                for sequence_prob; index,logodds_difference,correct,total_logprob for logodds), loss_plot.svg and
                loss_plot.png, and results.json with every statistic. A project with several parts (PART, CONTROL)
                gets a folder per part and their combined plot. Prints a table, the paired statistics, and the
                probability mass on the class labels in the contest's words.

                  --dataset FILE          the task file (instead of the first argument)
                  --task-type TYPE        classification, classification_loss, classification_acc, sequence_prob,
                                          logodds, absolute_logodds (default: from the file's columns)
                  --models LIST           comma-separated: demo (the shipped series, the default), a model folder,
                                          a catalog model or series range (gpt2..gpt2-large, pythia..410m), a Hub id
                                          [@revision], a server (vllm+http://host:8000/v1#ORG/MODEL), or OpenAI's
                                          API (openai:davinci-002, openai-base for both base models; OPENAI_API_KEY)
                  --out DIR               where to write the results
                  --dataset-sizes N,...   also plot the first N examples of each (the contest's --dataset-sizes)
                  --shots K,...           a project's templated parts again with K demonstrations each (the few-shot
                                          sweep: does inverse scaling persist with correct demonstrations?)
                  --invert                the loss of "not the answer" (or 1 - accuracy), as plot_loss.py --invert
                  --bootstrap N           bootstrap resamples for the intervals (default 2000)
                  --seed S                the bootstrap's seed (default 42)
                  --no-cache              score everything afresh instead of reusing the score cache""";
    }

    /** @param type the --task-type, or null to take it from the file (a project's parts, a CSV's columns) */
    private record Options(Path dataset, TaskType type, String models, Path out, List<Integer> sizes, boolean invert,
                           int resamples, long seed, boolean cache, List<Integer> shots) {
    }

    private static Options parse(List<String> args) throws UsageException {
        Path dataset = null;
        TaskType type = null;
        String models = "demo";
        List<Integer> shots = new ArrayList<>();
        Path out = null;
        List<Integer> sizes = new ArrayList<>();
        boolean invert = false;
        int resamples = PairedBootstrap.DEFAULT.resamples();
        long seed = PairedBootstrap.DEFAULT.seed();
        boolean cache = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--dataset" -> dataset = Path.of(ValidateCommand.value(args, ++i, a));
                case "--task-type" -> {
                    try {
                        type = TaskType.parse(ValidateCommand.value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--models" -> models = ValidateCommand.value(args, ++i, a);
                case "--out" -> out = Path.of(ValidateCommand.value(args, ++i, a));
                case "--dataset-sizes" -> {
                    for (String s : ValidateCommand.value(args, ++i, a).split(",")) sizes.add(positive(s, a));
                }
                case "--shots" -> {
                    for (String k : ValidateCommand.value(args, ++i, a).split(",")) shots.add(k.strip().equals("0") ? 0 : positive(k, a));
                }
                case "--invert" -> invert = true;
                case "--bootstrap" -> resamples = positive(ValidateCommand.value(args, ++i, a), a);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(ValidateCommand.value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new UsageException("--seed needs an integer");
                    }
                }
                case "--no-cache" -> cache = false;
                default -> {
                    if (a.startsWith("-")) throw new UsageException("unknown option " + a);
                    if (dataset != null) throw new UsageException("one task file, please (got " + dataset + " and " + a + ")");
                    dataset = Path.of(a);
                }
            }
        }
        if (dataset == null) throw new UsageException("name the task file");
        if (invert && type != null && type.isLogodds()) throw new UsageException("--invert applies to losses and accuracy, not " + type);
        boolean project = dataset.getFileName().toString().endsWith("." + ProjectFile.EXTENSION);
        if (project && type != null) throw new UsageException("a project's parts carry their own task types; leave out --task-type");
        if (!project && !shots.isEmpty()) throw new UsageException("--shots needs a project whose parts have a few-shot template");
        if (out == null) out = dataset.toAbsolutePath().getParent().resolve("results");
        return new Options(dataset, type, models, out, sizes, invert, resamples, seed, cache, shots);
    }

    private static int positive(String s, String option) throws UsageException {
        try {
            int v = Integer.parseInt(s.strip());
            if (v > 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(option + " needs positive integers, got '" + s + "'");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = parse(args);
        TaskProject project = load(o);
        List<Diagnostic> problems = validate(o, project);
        problems.forEach(d -> err.println(d.format()));
        long errors = problems.stream().filter(d -> d.severity() == Severity.ERROR).count();
        if (errors > 0) {
            err.println("isstudio evaluate: " + errors + " error(s) the contest's code would fail on or misread; fix them first");
            return Cli.FAILED;
        }
        List<TaskRun.Series> parts = ProjectItems.series(project);
        List<TaskRun.Series> all = new ArrayList<>(parts);
        for (int k : o.shots()) {
            List<TaskRun.Series> variants = ProjectItems.withShots(project, k);
            if (variants.isEmpty()) throw new UsageException("--shots: no part of " + o.dataset().getFileName() + " has a template");
            all.addAll(variants);
        }

        List<EvalModel> models = resolveModels(o.models());
        PairedBootstrap bootstrap = new PairedBootstrap(o.resamples(), o.seed(), 0.95);
        EvaluationProgress progress = new EvaluationProgress(err, terminal);
        out.println("scoring " + all.stream().mapToInt(s -> s.items().size()).sum() + " examples in " + all.size()
                + " series on " + models.size() + " models");
        List<TaskRun.Outcome> outcomes;
        if (o.cache()) {
            try (ScoreCache cache = ScoreCache.open(AppPaths.cacheDir().resolve("scores"))) {
                outcomes = TaskRun.run(all, models, cache, progress, bootstrap, o.invert(), o.sizes());
                out.printf(Locale.ROOT, "score cache: %d of %d scored sequences reused%n", cache.hits(), cache.hits() + cache.misses());
            }
        } else {
            outcomes = TaskRun.run(all, models, null, progress, bootstrap, o.invert(), o.sizes());
        }
        List<TaskRun.Outcome> partOutcomes = outcomes.subList(0, parts.size());
        List<FewShotSweep> sweeps = sweeps(o, parts, outcomes.subList(parts.size(), outcomes.size()));
        write(o, models, partOutcomes, outcomes.subList(parts.size(), outcomes.size()), sweeps);
        for (TaskRun.Outcome outcome : outcomes) {
            if (outcomes.size() > 1) out.println("\n== " + outcome.series().name() + " (" + outcome.series().type() + ")");
            print(out, outcome.report());
        }
        for (FewShotSweep sweep : sweeps) out.println("\nfew-shot: " + sweep.summary());
        out.println("results in " + o.out().toAbsolutePath());
        boolean incomplete = outcomes.stream().anyMatch(oc -> !oc.report().failures().isEmpty()
                || oc.report().models().stream().anyMatch(m -> m.scored() == 0));
        return incomplete ? Cli.FAILED : Cli.OK;
    }

    private static TaskProject load(Options o) throws Exception {
        String name = o.dataset().getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return TaskFiles.fromCsv(o.dataset(), o.type());
        TaskProject p = TaskFiles.read(o.dataset());
        if (o.type() == null) return p;
        List<TaskPart> typed = p.parts().stream().map(part -> new TaskPart(part.kind(), part.number(), o.type(),
                part.columns(), part.rows(), part.template())).toList();
        return p.withParts(typed);
    }

    /** A contest file is checked as the contest loads it (its own line numbers); a project part by part. */
    private static List<Diagnostic> validate(Options o, TaskProject project) throws Exception {
        if (o.dataset().getFileName().toString().endsWith("." + ProjectFile.EXTENSION)) return new Validator().check(project);
        return TaskFiles.validate(o.dataset(), project.parts().getFirst().taskType(), null);
    }

    /** Per templated part: its zero-shot-or-as-written series is not a sweep step; the k=... variants are. */
    private static List<FewShotSweep> sweeps(Options o, List<TaskRun.Series> parts, List<TaskRun.Outcome> variants) {
        List<FewShotSweep> out = new ArrayList<>();
        for (TaskRun.Series part : parts) {
            List<FewShotSweep.Step> steps = new ArrayList<>();
            for (TaskRun.Outcome v : variants) {
                String name = v.series().name();
                if (name.startsWith(part.name() + " k=")) {
                    steps.add(new FewShotSweep.Step(Integer.parseInt(name.substring(part.name().length() + 3)), v.report()));
                }
            }
            if (!steps.isEmpty()) out.add(FewShotSweep.of(steps));
        }
        return out;
    }

    private List<EvalModel> resolveModels(String list) throws Exception {
        HubClient hub = new HubClient(hubConfig, new JdkHttpTransport());
        ModelResolver resolver = new ModelResolver(Catalog.standard(), AppPaths.demoModelsDir(), hub.cache());
        EvalModels factory = new EvalModels(resolver, hub);
        List<EvalModel> models = new ArrayList<>();
        for (ModelChoice c : resolver.resolveAll(list)) models.add(factory.model(c, Cancellation.NONE));
        return models;
    }

    /**
     * One series: the contest's layout in DIR. Several (parts, control sets, few-shot variants): one folder per series
     * with the contest's layout, and the parts' combined plot in DIR. results.json in DIR holds everything.
     */
    private static void write(Options o, List<EvalModel> models, List<TaskRun.Outcome> parts, List<TaskRun.Outcome> variants,
                              List<FewShotSweep> sweeps) throws Exception {
        Path dir = o.out();
        Files.createDirectories(dir);
        String ext = o.dataset().getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst(".*\\.", "");
        Files.copy(o.dataset(), dir.resolve((ext.equals(ProjectFile.EXTENSION) ? "project." : "data.") + ext),
                StandardCopyOption.REPLACE_EXISTING);
        List<TaskRun.Outcome> all = new ArrayList<>(parts);
        all.addAll(variants);
        boolean single = all.size() == 1;
        Map<String, String> files = new LinkedHashMap<>();
        for (EvalModel m : models) files.put(m.id(), m.name().replaceAll("[/\\\\:*?\"<>|]", "_") + ".csv");
        for (TaskRun.Outcome outcome : all) {
            Path at = single ? dir : dir.resolve(outcome.series().name().replaceAll("[/\\\\:*?\"<>| ]", "_"));
            for (EvalModel m : models) {
                ContestFiles.writeModelCsv(at.resolve(files.get(m.id())), outcome.series().type(), outcome.series().items(),
                        outcome.results().getOrDefault(m.id(), Map.of()));
            }
            writePlot(at, List.of(outcome.report()));
        }
        List<SeriesReport> partReports = parts.stream().map(TaskRun.Outcome::report).toList();
        if (!single && partReports.stream().map(SeriesReport::type).distinct().count() == 1) writePlot(dir, partReports);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", o.dataset().getFileName().toString());
        json.put("inverted", o.invert());
        json.put("modelFiles", files);
        json.put("series", all.stream().map(TaskRun.Outcome::report).toList());
        if (!sweeps.isEmpty()) json.put("fewShot", sweeps);
        ContestFiles.writeJson(dir.resolve("results.json"), json);
    }

    private static void writePlot(Path dir, List<SeriesReport> reports) throws Exception {
        var plot = ReportPlots.plot(reports);
        ContestPlotRenderer.writeSvg(plot, dir.resolve("loss_plot.svg"));
        ContestPlotRenderer.writePng(plot, dir.resolve("loss_plot.png"), 2);
    }

    /** The table, the reviewer's statistics, and the contest's coverage lines. */
    static void print(PrintStream out, SeriesReport r) {
        PlotStyle style = PlotStyle.of(r.type(), r.inverted());
        boolean classification = r.type().isClassification();
        out.printf(Locale.ROOT, "%n%-24s %12s %6s %22s %20s %9s%s%n", "model", "parameters", "rows",
                style.yLabel() + " (mean ± SEM)", "95% bootstrap CI", "accuracy", classification ? "  acc_norm" : "");
        for (SeriesReport.ModelReport m : r.models()) {
            out.printf(Locale.ROOT, "%-24s %12s %6d %22s %20s %9s%s%n", m.name(), parameters(m.parameters()), m.scored(),
                    String.format(Locale.ROOT, "%.4f ± %.4f", m.mean(), m.sem()),
                    String.format(Locale.ROOT, "[%.4f, %.4f]", m.ci95().low(), m.ci95().high()), percent(m.accuracy()),
                    classification ? String.format(Locale.ROOT, " %9s", percent(m.accNorm())) : "");
        }
        if (!Double.isNaN(r.baseline())) out.printf(Locale.ROOT, "baseline (equal probability): %.4f%n", r.baseline());
        ScalingAnalysis.Trend t = r.trend();
        out.printf(Locale.ROOT, "%nslope per 10x parameters: %+.4f  [95%% CI %+.4f, %+.4f]  -> %s%n", t.slopePerDecade(),
                t.slopeCi95().low(), t.slopeCi95().high(), verdict(t.verdict()));
        out.printf(Locale.ROOT, "strictly monotonic (inverse): %s; in %.0f%% of %d paired bootstrap resamples over %d rows%n",
                t.strictlyMonotonic() ? "yes" : "no", 100 * t.monotonicShare(), t.bootstrap().resamples(), t.pairedExamples());
        for (SeriesReport.FamilyTrend f : r.families()) {
            out.printf(Locale.ROOT, "  %s alone: slope %+.4f [%+.4f, %+.4f] -> %s%n", f.family(), f.trend().slopePerDecade(),
                    f.trend().slopeCi95().low(), f.trend().slopeCi95().high(), verdict(f.trend().verdict()));
        }
        for (ScalingAnalysis.AdjacentComparison c : t.adjacent()) {
            out.printf(Locale.ROOT, "  %s -> %s: %+.4f [%+.4f, %+.4f], %s p = %.3g%n", c.smaller(), c.larger(),
                    c.meanDifference(), c.ci95().low(), c.ci95().high(), c.test(), c.pValue());
        }
        if (!r.flags().isEmpty()) {
            out.println();
            r.flags().forEach((kind, n) -> out.printf(Locale.ROOT, "warning: %d scored example(s) flagged %s%n", n,
                    kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        for (SeriesReport.Failure f : r.failures()) out.println("error: row " + f.row() + " on " + f.model() + ": " + f.error());
        if (classification) {
            out.println();
            for (SeriesReport.ModelReport m : r.models()) {
                out.printf(Locale.ROOT, "For the model '%s', the class labels got %.2f%% of the probability mass%n", m.name(),
                        m.coverage() * 100);
            }
        }
    }

    private static String verdict(ScalingAnalysis.Verdict v) {
        return switch (v) {
            case INVERSE -> "inverse scaling";
            case STANDARD -> "standard scaling";
            case UNCLEAR -> "no clear trend";
        };
    }

    private static String parameters(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        return Long.toString(n);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
