package org.isstudio.ui.bench;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.isstudio.model.Columns;
import org.isstudio.model.Row;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.AppContext;
import org.isstudio.ui.MainWindow;
import org.isstudio.ui.Samples;
import org.isstudio.ui.dataset.DatasetView;
import org.isstudio.ui.services.ModelInfo;
import org.isstudio.ui.wiring.StandardContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * "A 10,000-row task opens, scrolls and filters without visible lag" and "the UI never freezes, whatever the model
 * size", measured on the real main window with the real services (in temporary per-user folders): the pulse's frame
 * intervals ({@link FrameRecorder}) per phase, against the idle window's in the same run.
 */
public final class WindowBench {

    /** Rows of the generated task. */
    static final int ROWS = 10_000;
    /** A frame interval this long is a stall anyone notices. */
    static final double STALL_MS = 100;

    private final boolean quick;
    private final Consumer<String> log;
    private final FrameRecorder frames = new FrameRecorder();

    public WindowBench(boolean quick, Consumer<String> log) {
        this.quick = quick;
        this.log = log;
    }

    public Map<String, Object> run() throws Exception {
        Path tmp = Files.createTempDirectory("isstudio-bench-ui");
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("isstudio-ui-worker").daemon().unstarted(r));
        Map<String, Object> out = Timings.map();
        MainWindow window = null;
        try {
            AppContext ctx = StandardContext.create(tmp.resolve("config"), tmp.resolve("cache"));
            Path csv = tenThousandRows(ctx, tmp.resolve("ten-thousand.csv"));
            MainWindow w = Fx.call(() -> {
                MainWindow mw = new MainWindow(new Stage(), ctx, worker);
                mw.stage().show();
                frames.start();
                return mw;
            });
            window = w;
            Thread.sleep(1000); // the first frames lay the window out

            phase("idle");
            Thread.sleep(quick ? 1500 : 3000);

            phase("open");
            long t0 = System.nanoTime();
            Fx.run(() -> w.open(csv));
            Fx.await(() -> w.currentDataset() != null && w.currentDataset().table().getItems().size() == ROWS, 120_000,
                    "the 10,000 rows in the table");
            out.put("open_ms", Timings.round((System.nanoTime() - t0) / 1e6));
            Thread.sleep(2000); // validation and the chart catch up

            phase("scroll");
            scroll(w, quick ? 200 : 40);

            phase("filter");
            filter(w);

            List<ModelInfo> demo = ctx.scoring().catalog().getFirst().members().stream()
                    .sorted(Comparator.comparingLong(ModelInfo::parameters)).toList();
            ModelInfo largest = demo.getLast();
            phase("live_scoring");
            Fx.run(() -> w.scoring().start(List.of(largest)));
            scroll(w, quick ? 200 : 60);

            phase("sort_by_score");
            sort(w, largest);

            phase("edit");
            edit(w, quick ? 5 : 20);
            Fx.run(() -> w.scoring().stop());

            log.accept("writing a random-weight GPT-2 (124M) to " + tmp.resolve("gpt2-random"));
            ModelInfo gpt2 = ctx.scoring().resolve(RandomGpt2Folder.write(tmp.resolve("gpt2-random")).toString());
            phase("big_model_load");
            long l0 = System.nanoTime();
            Fx.run(() -> w.scoring().start(List.of(gpt2)));
            Fx.await(() -> w.scoring().statusProperty().get().contains("scoring "), 300_000, "the 124M model to load");
            out.put("big_model_load_ms", Timings.round((System.nanoTime() - l0) / 1e6));
            phase("big_model_scoring");
            scroll(w, quick ? 400 : 100);
            Fx.run(() -> w.scoring().stop());

            phase("done");
            Map<String, List<Double>> intervals = Fx.call(() -> {
                frames.stop();
                return frames.intervals();
            });
            report(intervals, out);
        } finally {
            if (window != null) {
                MainWindow w = window;
                Fx.run(() -> {
                    w.scoring().stop();
                    w.stage().hide();
                });
            }
            worker.shutdownNow();
            EditLatencyBench.deleteQuietly(tmp);
        }
        return out;
    }

    private void phase(String name) throws Exception {
        log.accept(name);
        Fx.run(() -> frames.phase(name));
    }

    /** A contest CSV of {@link #ROWS} rows: the shipped sample's rows over and over, each prompt numbered. */
    private static Path tenThousandRows(AppContext ctx, Path csv) throws Exception {
        TaskProject sample = Samples.read(List.of(Samples.first(ctx.samples(), ctx.files()).orElseThrow().getFirst()), ctx.files());
        TaskPart part = sample.parts().getFirst();
        List<Row> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Row r = part.rows().get(i % part.rows().size());
            rows.add(new Row("b" + i, r.cells()).with(Columns.PROMPT, "Example " + i + ". " + r.get(Columns.PROMPT)));
        }
        ctx.files().write(sample.withParts(List.of(part.withRows(rows))), csv);
        return csv;
    }

    /** Top to bottom, {@code step} rows a pulse, the way a dragged scroll bar moves. */
    private static void scroll(MainWindow w, int step) throws Exception {
        TableView<Row> table = Fx.call(() -> w.currentDataset().table());
        int n = Fx.call(() -> table.getItems().size());
        for (int i = 0; i < n; i += step) {
            int at = i;
            Fx.run(() -> table.scrollTo(at));
            Thread.sleep(16);
        }
        Fx.run(() -> table.scrollTo(0));
    }

    /** Types two words into the filter field a key at a time, clearing it after each. */
    private static void filter(MainWindow w) throws Exception {
        TextField field = Fx.call(() -> (TextField) w.currentDataset().lookup("#filterField"));
        for (String word : List.of("people", "Example 99")) {
            for (int i = 1; i <= word.length(); i++) {
                String typed = word.substring(0, i);
                Fx.run(() -> field.setText(typed));
                Thread.sleep(120);
            }
            Fx.run(field::clear);
            Thread.sleep(300);
        }
    }

    /** Sorts by the model's score column, up then down, then back to the file's order, while scores arrive. */
    private static void sort(MainWindow w, ModelInfo model) throws Exception {
        TableView<Row> table = Fx.call(() -> w.currentDataset().table());
        TableColumn<Row, ?> column = Fx.call(() -> table.getColumns().stream()
                .filter(c -> ("score-" + model.shortName()).equals(c.getId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no score column for " + model.name())));
        Fx.run(() -> {
            column.setSortType(TableColumn.SortType.ASCENDING);
            table.getSortOrder().setAll(List.of(column));
        });
        Thread.sleep(1000);
        Fx.run(() -> column.setSortType(TableColumn.SortType.DESCENDING));
        Thread.sleep(1000);
        Fx.run(() -> table.getSortOrder().clear());
        Thread.sleep(500);
    }

    /** Edits prompts of rows on screen, one every 150 ms, and undoes the last. */
    private static void edit(MainWindow w, int edits) throws Exception {
        DatasetView view = Fx.call(w::currentDataset);
        for (int i = 0; i < edits; i++) {
            int n = i;
            Fx.run(() -> {
                Row r = view.table().getItems().get(n * 3);
                view.viewModel().setCell(r.id(), Columns.PROMPT, r.get(Columns.PROMPT) + " (edited " + n + ")");
            });
            Thread.sleep(150);
        }
        Fx.run(() -> w.session().undo());
        Thread.sleep(1000);
    }

    private static void report(Map<String, List<Double>> intervals, Map<String, Object> out) {
        List<Double> idle = intervals.get("idle");
        double idleP99 = Timings.percentile(idle, 99);
        for (Map.Entry<String, List<Double>> e : intervals.entrySet()) {
            List<Double> ms = e.getValue();
            if (e.getKey().equals("done") || ms.isEmpty()) continue;
            String p = "frame_" + e.getKey();
            out.put(p + "_frames", ms.size());
            out.put(p + "_p50_ms", Timings.round(Timings.median(ms)));
            out.put(p + "_p99_ms", Timings.round(Timings.percentile(ms, 99)));
            out.put(p + "_max_ms", Timings.round(Timings.max(ms)));
            out.put(p + "_stalls_over_100ms", ms.stream().filter(x -> x > STALL_MS).count());
            if (!e.getKey().equals("idle")) out.put(p + "_p99_vs_idle", Timings.ratio(Timings.percentile(ms, 99), idleP99));
        }
    }
}
