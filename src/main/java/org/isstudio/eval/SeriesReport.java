package org.isstudio.eval;

import org.isstudio.eval.stats.Descriptive;
import org.isstudio.eval.stats.Interval;
import org.isstudio.eval.stats.PairedBootstrap;
import org.isstudio.eval.stats.ScalingAnalysis;
import org.isstudio.model.Example;
import org.isstudio.model.TaskType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything known about one series (a part, a control set, a few-shot variant) on a set of models: the contest's
 * numbers (mean, SEM, baseline, coverage, accuracy), lm-evaluation-harness's {@code acc_norm}, the reviewer's
 * statistics ({@link ScalingAnalysis.Trend}), the curves over the first N examples, the flags raised and the
 * examples that could not be scored.
 *
 * @param trend        the trend over all models, by size
 * @param families     with models of several families (GPT-2 and Pythia), each family's own trend; otherwise empty
 * @param baseline     the plot's dashed line (mean ln n for loss, mean 1/n for accuracy), NaN where there is none
 * @param datasetSizes the same curve over the first N examples, as the contest's {@code --dataset-sizes} (which
 *                     samples N rows per model instead; the first N keep the pairing across models)
 * @param flags        how many (model, example) pairs raised each kind of flag
 */
public record SeriesReport(String series, TaskType type, boolean inverted, int examples, double baseline,
                           List<ModelReport> models, ScalingAnalysis.Trend trend, List<FamilyTrend> families,
                           List<SizeCurve> datasetSizes, Map<ScoreFlag.Kind, Integer> flags, List<Failure> failures) {

    public SeriesReport {
        models = List.copyOf(models);
        families = List.copyOf(families);
        datasetSizes = List.copyOf(datasetSizes);
        flags = Map.copyOf(flags);
        failures = List.copyOf(failures);
    }

    /**
     * @param mean          the contest's plotted mean (NaN rows skipped, like pandas)
     * @param sem           its error bar: population SD over the square root of all rows
     * @param accuracy      mean of {@code correct} (classification and logodds; NaN for sequence_prob)
     * @param accNorm       lm-evaluation-harness's character-normalised accuracy (classification only)
     * @param coverage      mean probability on the class labels, the contest's printed "probability mass"
     */
    public record ModelReport(String id, String name, String family, long parameters, int scored, double mean,
                              double sem, Interval ci95, double accuracy, double accNorm, double coverage) {
    }

    public record SizeCurve(int examples, List<Point> points) {
        public SizeCurve {
            points = List.copyOf(points);
        }
    }

    public record Point(String model, String family, long parameters, double mean, double sem) {
    }

    /** One model family's trend, where several families were scored: scaling is a property of one family. */
    public record FamilyTrend(String family, ScalingAnalysis.Trend trend) {
    }

    public record Failure(String model, String row, String error) {
    }

    /**
     * @param results      a model's results by item (from {@link EvaluationScheduler#results})
     * @param datasetSizes N values for first-N curves; values not below the number of items are left out
     */
    public static SeriesReport build(String series, TaskType type, boolean invert, List<EvalModel> models,
                                     List<EvalItem> items, Function<String, Map<EvalItem.Key, ItemResult>> results,
                                     PairedBootstrap bootstrap, List<Integer> datasetSizes) {
        List<EvalModel> bySize = models.stream()
                .sorted(Comparator.comparingLong(EvalModel::parameters).thenComparing(EvalModel::id)).toList();
        List<ModelReport> reports = new ArrayList<>();
        List<ScalingAnalysis.ModelValues> values = new ArrayList<>();
        Map<ScoreFlag.Kind, Integer> flags = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        for (EvalModel m : bySize) {
            Map<EvalItem.Key, ItemResult> mine = results.apply(m.id());
            double[] v = new double[items.size()];
            double[] correct = new double[items.size()];
            double[] accNorm = new double[items.size()];
            double[] coverage = new double[items.size()];
            for (int i = 0; i < items.size(); i++) {
                EvalItem item = items.get(i);
                ItemResult r = mine.get(item.key());
                v[i] = correct[i] = accNorm[i] = coverage[i] = Double.NaN;
                if (r == null || !r.example().equals(item.example())) continue;
                if (!r.ok()) {
                    failures.add(new Failure(m.id(), item.key().row(), r.error()));
                    continue;
                }
                v[i] = transformed(r.score().value(type), type, invert);
                for (ScoreFlag f : r.score().flags()) flags.merge(f.kind(), 1, Integer::sum);
                switch (r.score()) {
                    case ExampleScore.Classification c -> {
                        correct[i] = c.metrics().correct() ? 1 : 0;
                        accNorm[i] = c.accNormCorrect() ? 1 : 0;
                        coverage[i] = c.metrics().coverage();
                    }
                    case ExampleScore.Logodds l -> correct[i] = l.metrics().correct() ? 1 : 0;
                    case ExampleScore.SequenceProb ignored -> {
                    }
                }
            }
            values.add(new ScalingAnalysis.ModelValues(m.id(), m.parameters(), v));
            int scored = (int) java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).count();
            reports.add(new ModelReport(m.id(), m.name(), m.family(), m.parameters(), scored, Descriptive.mean(v),
                    Descriptive.sem(v), Interval.UNDEFINED, Descriptive.mean(correct), Descriptive.mean(accNorm),
                    type.isClassification() ? Descriptive.mean(coverage) : Double.NaN));
        }
        int direction = (type == TaskType.CLASSIFICATION_ACC ? -1 : 1) * (invert ? -1 : 1);
        ScalingAnalysis.Trend trend = ScalingAnalysis.analyse(values, direction, type == TaskType.CLASSIFICATION_ACC, bootstrap);
        List<ModelReport> withCi = new ArrayList<>();
        for (int k = 0; k < reports.size(); k++) {
            ModelReport r = reports.get(k);
            withCi.add(new ModelReport(r.id(), r.name(), r.family(), r.parameters(), r.scored(), r.mean(), r.sem(),
                    trend.models().get(k).ci95(), r.accuracy(), r.accNorm(), r.coverage()));
        }

        List<SizeCurve> curves = new ArrayList<>();
        for (int n : datasetSizes.stream().distinct().sorted().toList()) {
            if (n <= 0 || n >= items.size()) continue;
            List<Point> points = new ArrayList<>();
            for (int k = 0; k < bySize.size(); k++) {
                double[] first = java.util.Arrays.copyOf(values.get(k).values(), n);
                points.add(new Point(bySize.get(k).name(), bySize.get(k).family(), bySize.get(k).parameters(),
                        Descriptive.mean(first), Descriptive.sem(first)));
            }
            curves.add(new SizeCurve(n, points));
        }
        List<FamilyTrend> families = new ArrayList<>();
        List<String> names = bySize.stream().map(EvalModel::family).distinct().toList();
        if (names.size() > 1) {
            for (String family : names) {
                List<ScalingAnalysis.ModelValues> mine = new ArrayList<>();
                for (int k = 0; k < bySize.size(); k++) if (bySize.get(k).family().equals(family)) mine.add(values.get(k));
                families.add(new FamilyTrend(family, ScalingAnalysis.analyse(mine, direction,
                        type == TaskType.CLASSIFICATION_ACC, bootstrap)));
            }
        }
        return new SeriesReport(series, type, invert, items.size(), baseline(type, invert, items), withCi, trend, families,
                curves, flags, failures);
    }

    /** {@code plot_loss.py --invert}: the loss of "not the answer", or 1 - correct. */
    private static double transformed(double value, TaskType type, boolean invert) {
        if (!invert) return value;
        if (type == TaskType.CLASSIFICATION_ACC) return Math.abs(value - 1);
        if (type.isClassification() || type == TaskType.SEQUENCE_PROB) return Metrics.invertLoss(value);
        throw new IllegalArgumentException("the contest does not invert " + type);
    }

    /** Per-row class counts, as {@code plot_loss.py} takes them from every row of the data. */
    private static double baseline(TaskType type, boolean invert, List<EvalItem> items) {
        if (!type.isClassification() || items.isEmpty()) return Double.NaN;
        double sum = 0;
        for (EvalItem item : items) {
            int n = item.example() instanceof Example.Classification c ? c.classes().size() : 2;
            sum += type == TaskType.CLASSIFICATION_ACC ? Metrics.uniformAccuracy(n) : Metrics.uniformLoss(n);
        }
        // the contest draws the same baseline with --invert (it is not inverted)
        return sum / items.size();
    }
}
