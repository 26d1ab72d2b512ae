package org.isstudio.ui.bench;

import javafx.beans.value.ChangeListener;
import org.isstudio.model.Columns;
import org.isstudio.model.PartKind;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.AppContext;
import org.isstudio.ui.Samples;
import org.isstudio.ui.dataset.DatasetViewModel;
import org.isstudio.ui.jobs.JobRunner;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.run.ScoreBoard;
import org.isstudio.ui.run.ScoringViewModel;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.wiring.StandardContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * "An edit on a small model shows its new score within a second", measured on the path the window takes: a cell
 * edit through the dataset view model and the project session, the live session's re-plan in
 * {@code EvalScoringService}, eval's scheduler with the score cache, and the new score arriving on the FX thread in
 * the {@link ScoreBoard} the table reads. Per model (the demo series' smallest and largest member, and a
 * GPT-2-small-shaped 124M model with random weights, the size of the first model users score) on the shipped
 * sample task, after a warm-up run that is not reported: first the whole task scored from nothing (a fresh, empty
 * score cache, the model loaded from disk), the baseline, then edits of three kinds in turn (a prompt, a class, the answer index) on different rows, each
 * timed from the edit to the edited row's fresh score, waiting for the session to be idle between edits.
 */
public final class EditLatencyBench {

    enum Kind {
        PROMPT, CLASS, ANSWER
    }

    private final int edits;
    private final Consumer<String> log;

    public EditLatencyBench(int edits, Consumer<String> log) {
        this.edits = edits;
        this.log = log;
    }

    public Map<String, Object> run() throws Exception {
        Map<String, Object> out = Timings.map();
        Path tmp = Files.createTempDirectory("isstudio-bench-edit");
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("bench-worker").daemon().unstarted(r));
        try {
            AppContext probe = StandardContext.create(tmp.resolve("config"), tmp.resolve("probe-cache"));
            List<Path> sample = Samples.first(probe.samples(), probe.files())
                    .orElseThrow(() -> new IllegalStateException("no sample task in " + probe.samples()));
            TaskProject project = Samples.read(sample, probe.files());
            List<ModelInfo> demo = probe.scoring().catalog().getFirst().members().stream()
                    .sorted(Comparator.comparingLong(ModelInfo::parameters)).toList();
            if (demo.isEmpty()) throw new IllegalStateException("the demo series is missing: " + probe.scoring().catalog().getFirst().note());
            out.put("task", sample.getFirst().getParent().getFileName().toString());
            out.put("task_rows", project.parts().stream().mapToInt(p -> p.rows().size()).sum());
            out.put("edits_per_model", edits);
            // the engine's code compiled before anything is timed: a first whole run, not reported
            log.accept("warming up on " + demo.getFirst().name());
            Live warm = live(probe, project, worker);
            Fx.run(() -> warm.scoring().start(List.of(demo.getFirst())));
            awaitUpToDate(warm.scoring(), 600_000);
            Fx.run(() -> warm.scoring().stop());
            log.accept("writing a random-weight GPT-2 (124M) to " + tmp.resolve("gpt2-random"));
            Path gpt2 = RandomGpt2Folder.write(tmp.resolve("gpt2-random"));
            for (ModelInfo m : List.of(demo.getFirst(), demo.getLast())) {
                // a score cache of its own per model: the baseline starts from nothing
                AppContext ctx = StandardContext.create(tmp.resolve("config"), tmp.resolve("cache-" + m.name()));
                measure(ctx, project, m, worker, out);
            }
            // a folder is known to the context that resolved it (the demo series to every context)
            AppContext ctx = StandardContext.create(tmp.resolve("config"), tmp.resolve("cache-gpt2"));
            measure(ctx, project, ctx.scoring().resolve(gpt2.toString()), worker, out);
        } finally {
            worker.shutdownNow();
            deleteQuietly(tmp);
        }
        return out;
    }

    private void measure(AppContext ctx, TaskProject project, ModelInfo model, ExecutorService worker,
                         Map<String, Object> out) throws Exception {
        TaskPart main = main(project);
        PartKey key = PartKey.of(main);
        Live live = live(ctx, project, worker);
        log.accept("scoring the whole sample on " + model.name() + " from an empty cache (the baseline)");
        long t0 = System.nanoTime();
        Fx.run(() -> live.scoring().start(List.of(model)));
        awaitUpToDate(live.scoring(), 600_000);
        double full = (System.nanoTime() - t0) / 1e6;

        List<Double> all = new ArrayList<>();
        Map<Kind, List<Double>> byKind = new java.util.EnumMap<>(Kind.class);
        List<Row> rows = main.rows();
        for (int i = 0; i < edits; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            String rowId = rows.get((i * 37 + 11) % rows.size()).id();
            int n = i;
            CompletableFuture<Double> arrived = new CompletableFuture<>();
            Fx.run(() -> {
                Row row = live.session().part(key).rows().stream().filter(r -> r.id().equals(rowId)).findFirst().orElseThrow();
                String column = switch (kind) {
                    case PROMPT -> Columns.PROMPT;
                    case CLASS -> Columns.CLASSES;
                    case ANSWER -> Columns.ANSWER_INDEX;
                };
                String value = edited(ctx, kind, row, n);
                long start = System.nanoTime();
                ChangeListener<Number> watch = new ChangeListener<>() {
                    @Override
                    public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number o, Number now) {
                        Row current = live.session().part(key).rows().stream().filter(r -> r.id().equals(rowId)).findFirst().orElseThrow();
                        if (live.board().freshScore(key, current, model.id()) != null) {
                            live.board().revisionProperty().removeListener(this);
                            arrived.complete((System.nanoTime() - start) / 1e6);
                        }
                    }
                };
                live.board().revisionProperty().addListener(watch);
                live.rows().setCell(rowId, column, value);
            });
            double ms = arrived.get(120, TimeUnit.SECONDS);
            all.add(ms);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(ms);
            awaitUpToDate(live.scoring(), 120_000);
        }
        Fx.run(() -> live.scoring().stop());

        String p = "edit_" + model.name();
        out.put(p + "_parameters", model.parameters());
        out.put(p + "_full_task_cold_ms", Timings.round(full));
        Timings.put(out, p, all);
        for (Kind k : Kind.values()) {
            if (byKind.containsKey(k)) out.put(p + "_" + k.name().toLowerCase(java.util.Locale.ROOT) + "_median_ms",
                    Timings.round(Timings.median(byKind.get(k))));
        }
        out.put(p + "_median_vs_full_task", Timings.ratio(Timings.median(all), full));
        out.put(p + "_max_vs_full_task", Timings.ratio(Timings.max(all), full));
        out.put(p + "_within_1s_share", Timings.ratio(all.stream().filter(x -> x <= 1000).count(), all.size()));
    }

    /** The window's view models over the project, without the window: what an edit goes through. */
    private record Live(ProjectSession session, ScoreBoard board, ScoringViewModel scoring, DatasetViewModel rows) {
    }

    private static Live live(AppContext ctx, TaskProject project, ExecutorService worker) throws Exception {
        PartKey key = PartKey.of(main(project));
        return Fx.call(() -> {
            ProjectSession session = new ProjectSession(project);
            ScoreBoard board = new ScoreBoard();
            JobRunner jobs = new JobRunner(worker, javafx.application.Platform::runLater);
            ScoringViewModel scoring = new ScoringViewModel(ctx.scoring(), session, board, jobs, javafx.application.Platform::runLater);
            return new Live(session, board, scoring, new DatasetViewModel(session, key));
        });
    }

    private static TaskPart main(TaskProject project) {
        return project.parts().stream().filter(p -> p.kind() == PartKind.MAIN).findFirst().orElse(project.parts().getFirst());
    }

    /** A new value for the cell: unique per edit, so no edit is answered by the cache of an earlier one. */
    private static String edited(AppContext ctx, Kind kind, Row row, int n) {
        return switch (kind) {
            case PROMPT -> "(" + n + ") " + row.get(Columns.PROMPT);
            case CLASS -> {
                List<String> classes = new ArrayList<>(ctx.classes().parse(row.get(Columns.CLASSES)));
                classes.set(classes.size() - 1, classes.getLast() + " " + WORDS[n % WORDS.length] + n);
                yield ctx.classes().format(classes);
            }
            // flipping the answer scores the same continuations: the cache answers, as it does in the application
            case ANSWER -> Integer.toString(1 - Integer.parseInt(row.get(Columns.ANSWER_INDEX).strip()));
        };
    }

    private static final String[] WORDS = {"again", "today", "there", "now", "too"};

    /** Until the live session has caught up; a session that stopped on an error ends the benchmark with its message. */
    private static void awaitUpToDate(ScoringViewModel scoring, long millis) throws Exception {
        Fx.await(() -> {
            String status = scoring.statusProperty().get();
            if (status.startsWith("stopped: ")) throw new IllegalStateException("scoring " + status);
            return status.endsWith("up to date · watching edits");
        }, millis, "scoring to catch up");
    }

    static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            System.err.println("isstudio: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
