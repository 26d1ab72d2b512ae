package org.isstudio.eval.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.isstudio.eval.EvalItem;
import org.isstudio.eval.ExampleScore;
import org.isstudio.eval.ItemResult;
import org.isstudio.format.AtomicFiles;
import org.isstudio.model.TaskType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The files the contest's {@code main.py} writes per model, and a JSON of everything else.
 * <ul>
 *   <li>{@code <model>.csv} with {@code csv.DictWriter}'s defaults: {@code \r\n} line ends, quotes only where a field
 *       holds a comma, quote or line break, floats as Python's {@code repr}, {@code index} the 0-based row;
 *       columns {@code index,loss,correct,predicted,total_logprob} (classification), {@code index,loss}
 *       (sequence_prob), {@code index,logodds_difference,correct,total_logprob} (logodds). A row the contest
 *       could not score has empty cells, which pandas reads as NaN and the plot skips.</li>
 *   <li>{@code results.json}: any record tree, NaN written as {@code null}.</li>
 * </ul>
 * Files are written to a temporary name and moved into place.
 */
public final class ContestFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // task types as the contest spells them (sequence_prob), other enums by name
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .registerModule(new SimpleModule().addSerializer(Double.class, new FiniteOrNull()).addSerializer(double.class, new FiniteOrNull()));

    private ContestFiles() {
    }

    public static List<String> columns(TaskType type) {
        if (type.isClassification()) return List.of("index", "loss", "correct", "predicted", "total_logprob");
        if (type.isLogodds()) return List.of("index", "logodds_difference", "correct", "total_logprob");
        return List.of("index", "loss");
    }

    /** One model's per-example results, in item order. */
    public static void writeModelCsv(Path file, TaskType type, List<EvalItem> items, Map<EvalItem.Key, ItemResult> results)
            throws IOException {
        StringBuilder out = new StringBuilder();
        row(out, columns(type));
        for (int i = 0; i < items.size(); i++) {
            EvalItem item = items.get(i);
            ItemResult r = results.get(item.key());
            String index = Integer.toString(i);
            if (r == null || !r.ok() || !r.example().equals(item.example())) {
                String[] cells = new String[columns(type).size()];
                java.util.Arrays.fill(cells, "");
                cells[0] = index;
                row(out, List.of(cells));
                continue;
            }
            row(out, switch (r.score()) {
                case ExampleScore.Classification c -> List.of(index, PyFloat.repr(c.metrics().loss()),
                        c.metrics().correct() ? "1" : "0", c.predictedClass(), PyFloat.repr(c.metrics().totalLogprob()));
                case ExampleScore.SequenceProb s -> List.of(index, PyFloat.repr(s.loss()));
                case ExampleScore.Logodds l -> List.of(index, PyFloat.repr(l.value(type)), l.metrics().correct() ? "1" : "0",
                        PyFloat.repr(l.metrics().totalLogprob()));
            });
        }
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    }

    /** Python csv's QUOTE_MINIMAL with the excel dialect. */
    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                out.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                out.append(c);
            }
        }
        out.append("\r\n");
    }

    private static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || value.isNaN() || value.isInfinite()) gen.writeNull();
            else gen.writeNumber(value);
        }
    }
}
