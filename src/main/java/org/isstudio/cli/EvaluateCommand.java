package org.isstudio.cli;

import org.isstudio.engine.Progress;
import org.isstudio.eval.EvalModel;
import org.isstudio.eval.EvalModels;
import org.isstudio.eval.SeriesReport;
import org.isstudio.eval.TaskRun;
import org.isstudio.eval.cache.ScoreCache;
import org.isstudio.eval.report.ContestFiles;
import org.isstudio.eval.report.ContestPlotRenderer;
import org.isstudio.eval.report.PlotStyle;
import org.isstudio.eval.report.ReportPlots;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.model.AppPaths;
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
                usage: isstudio evaluate TASK.csv|TASK.jsonl [--task-type TYPE] [--models LIST] [--out DIR] [options]

                Scores every row of the task on each model, as the contest's evaluation code does, and writes to DIR
                (default: results/ beside the task): data.csv (a copy of the input), one MODEL.csv per model
                (index,loss,correct,predicted,total_logprob for classification; index,loss for sequence_prob;
                index,logodds_difference,correct,total_logprob for logodds), loss_plot.svg and loss_plot.png, and
                results.json with every statistic. Prints a table, the paired statistics, and the probability mass
                on the class labels in the contest's words.

                  --dataset FILE          the task file (instead of the first argument)
                  --task-type TYPE        classification (default), classification_loss, classification_acc,
                                          sequence_prob, logodds, absolute_logodds
                  --models LIST           comma-separated: demo (the shipped series, the default), a model folder,
                                          a catalog model or series range (gpt2..gpt2-large, pythia..410m), a Hub id
                                          [@revision], or a server (vllm+http://host:8000/v1#ORG/MODEL)
                  --out DIR               where to write the results
                  --dataset-sizes N,...   also plot the first N examples of each (the contest's --dataset-sizes)
                  --invert                the loss of "not the answer" (or 1 - accuracy), as plot_loss.py --invert
                  --bootstrap N           bootstrap resamples for the intervals (default 2000)
                  --seed S                the bootstrap's seed (default 42)
                  --no-cache              score everything afresh instead of reusing the score cache""";
    }

    private record Options(Path dataset, TaskType type, String models, Path out, List<Integer> sizes, boolean invert,
                           int resamples, long seed, boolean cache) {
    }

    private static Options parse(List<String> args) throws UsageException {
        Path dataset = null;
        TaskType type = TaskType.CLASSIFICATION;
        String models = "demo";
        Path out = null;
        List<Integer> sizes = new ArrayList<>();
        boolean invert = false;
        int resamples = PairedBootstrap.DEFAULT.resamples();
        long seed = PairedBootstrap.DEFAULT.seed();
        boolean cache = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--dataset" -> dataset = Path.of(value(args, ++i, a));
                case "--task-type" -> {
                    try {
                        type = TaskType.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--models" -> models = value(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--dataset-sizes" -> {
                    for (String s : value(args, ++i, a).split(",")) sizes.add(positive(s, a));
                }
                case "--invert" -> invert = true;
                case "--bootstrap" -> resamples = positive(value(args, ++i, a), a);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(value(args, ++i, a));
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
        if (invert && type.isLogodds()) throw new UsageException("--invert applies to losses and accuracy, not " + type);
        if (out == null) out = dataset.toAbsolutePath().getParent().resolve("results");
        return new Options(dataset, type, models, out, sizes, invert, resamples, seed, cache);
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size()) throw new UsageException(option + " needs a value");
        return args.get(i);
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
        TaskInput.Loaded task = TaskInput.read(o.dataset(), o.type());
        if (!task.errors().isEmpty()) {
            task.errors().forEach(d -> err.println(d.format()));
            err.println("isstudio evaluate: " + task.errors().size() + " row(s) cannot be scored; fix them first");
            return Cli.FAILED;
        }

        List<EvalModel> models = resolveModels(o.models(), out);
        PairedBootstrap bootstrap = new PairedBootstrap(o.resamples(), o.seed(), 0.95);
        EvaluationProgress progress = new EvaluationProgress(err, terminal);
        out.println("scoring " + task.series().items().size() + " examples (" + o.type() + ") on " + models.size() + " models");
        List<TaskRun.Outcome> outcomes;
        if (o.cache()) {
            try (ScoreCache cache = ScoreCache.open(AppPaths.cacheDir().resolve("scores"))) {
                outcomes = TaskRun.run(List.of(task.series()), models, cache, progress, bootstrap, o.invert(), o.sizes());
            }
        } else {
            outcomes = TaskRun.run(List.of(task.series()), models, null, progress, bootstrap, o.invert(), o.sizes());
        }
        TaskRun.Outcome outcome = outcomes.getFirst();
        write(o, models, outcome);
        print(out, outcome.report());
        out.println("results in " + o.out().toAbsolutePath());
        boolean anyMissing = outcome.report().models().stream().anyMatch(m -> m.scored() == 0);
        return anyMissing || !outcome.report().failures().isEmpty() ? Cli.FAILED : Cli.OK;
    }

    private List<EvalModel> resolveModels(String list, PrintStream out) throws Exception {
        HubClient hub = new HubClient(hubConfig, new JdkHttpTransport());
        ModelResolver resolver = new ModelResolver(Catalog.standard(), AppPaths.demoModelsDir(), hub.cache());
        EvalModels factory = new EvalModels(resolver, hub);
        List<EvalModel> models = new ArrayList<>();
        for (ModelChoice c : resolver.resolveAll(list)) {
            ByteProgressBar bar = new ByteProgressBar(out, terminal);
            Progress download = (done, total) -> bar.update(done, total);
            models.add(factory.model(c, download));
            bar.finish();
        }
        return models;
    }

    private static void write(Options o, List<EvalModel> models, TaskRun.Outcome outcome) throws Exception {
        Path dir = o.out();
        Files.createDirectories(dir);
        String ext = o.dataset().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl") ? "jsonl" : "csv";
        Files.copy(o.dataset(), dir.resolve("data." + ext), StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> files = new LinkedHashMap<>();
        for (EvalModel m : models) {
            String file = m.name().replaceAll("[/\\\\:*?\"<>|]", "_") + ".csv";
            files.put(m.id(), file);
            ContestFiles.writeModelCsv(dir.resolve(file), o.type(), outcome.series().items(),
                    outcome.results().getOrDefault(m.id(), Map.of()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", o.dataset().getFileName().toString());
        json.put("taskType", o.type().contestName());
        json.put("inverted", o.invert());
        json.put("modelFiles", files);
        json.put("series", List.of(outcome.report()));
        ContestFiles.writeJson(dir.resolve("results.json"), json);
        var plot = ReportPlots.plot(List.of(outcome.report()));
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
                t.slopeCi95().low(), t.slopeCi95().high(), switch (t.verdict()) {
                    case INVERSE -> "inverse scaling";
                    case STANDARD -> "standard scaling";
                    case UNCLEAR -> "no clear trend";
                });
        out.printf(Locale.ROOT, "strictly monotonic (inverse): %s; in %.0f%% of %d paired bootstrap resamples over %d rows%n",
                t.strictlyMonotonic() ? "yes" : "no", 100 * t.monotonicShare(), t.bootstrap().resamples(), t.pairedExamples());
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

    private static String parameters(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        return Long.toString(n);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
