package org.isstudio.format.csv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isstudio.testing.Python;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link PandasCsvReader} and {@link PandasCsvWriter} against the real {@code pandas.read_csv} on a corpus of
 * tricky files, handwritten and generated.
 */
class PandasCsvDifferentialTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads each base64 file with read_csv defaults; answers columns, dtypes, index and cells (null = NaN). */
    private static final String READ_SCRIPT = """
            import base64, io, json, math, sys, warnings
            import pandas as pd
            warnings.simplefilter("ignore")
            def cell(v):
                if isinstance(v, float) and math.isnan(v): return None
                if isinstance(v, float): return repr(v)
                return str(v)
            for line in sys.stdin:
                data = base64.b64decode(json.loads(line))
                try:
                    df = pd.read_csv(io.BytesIO(data))
                except Exception as e:
                    print(json.dumps({"error": type(e).__name__ + ": " + str(e).strip()})); continue
                index = None
                if len(df.index) and not isinstance(df.index, pd.RangeIndex):
                    levels = df.index.nlevels
                    tuples = [t if levels > 1 else (t,) for t in df.index.tolist()]
                    index = [[cell(t[k]) for t in tuples] for k in range(levels)]
                print(json.dumps({"columns": [str(c) for c in df.columns], "dtypes": [str(t) for t in df.dtypes],
                                  "index": index, "cells": [[cell(v) for v in row] for row in df.itertuples(index=False)]}))
            """;

    /** For pairs of files: does pandas read them as the same table? */
    private static final String SAME_SCRIPT = """
            import base64, io, json, sys, warnings
            import pandas as pd
            warnings.simplefilter("ignore")
            for line in sys.stdin:
                a, b = [pd.read_csv(io.BytesIO(base64.b64decode(x))) for x in json.loads(line)]
                same = list(a.columns) == list(b.columns) and list(a.dtypes) == list(b.dtypes) and a.equals(b)
                print(json.dumps(same))
            """;

    @Test
    void readsLikePandasOnTrickyFiles() throws Exception {
        Python.assumeModules("pandas");
        List<byte[]> corpus = corpus();
        List<JsonNode> expected = ask(READ_SCRIPT, corpus.stream().map(PandasCsvDifferentialTest::base64).toList());
        int readable = 0;
        for (int i = 0; i < corpus.size(); i++) {
            String where = "file " + JSON.writeValueAsString(new String(corpus.get(i), StandardCharsets.UTF_8));
            JsonNode pandas = expected.get(i);
            CsvTable table;
            try {
                table = PandasCsvReader.read("t.csv", PandasCsvReader.decode("t.csv", corpus.get(i)));
            } catch (CsvFormatException e) {
                if (!pandas.has("error")) fail(where + ": pandas reads it, we refused: " + e.getMessage());
                continue;
            }
            if (pandas.has("error")) fail(where + ": pandas refused (" + pandas.get("error").asText() + "), we read " + table);
            readable++;
            compare(where, pandas, table);
        }
        assertTrue(readable > 150, "only " + readable + " readable files in the corpus");
    }

    private static void compare(String where, JsonNode pandas, CsvTable table) {
        int k = table.implicitIndexColumns();
        List<String> named = table.columns().subList(k, table.columns().size());
        List<String> pandasColumns = new ArrayList<>();
        pandas.get("columns").forEach(c -> pandasColumns.add(c.asText()));
        assertEquals(pandasColumns, named, where + " columns");
        assertEquals(k > 0, !pandas.get("index").isNull(), where + " implicit index");
        assertEquals(pandas.get("cells").size(), table.records().size(), where + " row count");
        for (int c = 0; c < table.columns().size(); c++) {
            List<String> fields = table.column(table.columns().get(c));
            JsonNode values;
            String dtype;
            if (c < k) {
                values = pandas.get("index").get(c);
                dtype = null;
            } else {
                dtype = pandas.get("dtypes").get(c - k).asText();
                assertEquals(dtype, Pandas.inferDtype(fields).pandasName(), where + " dtype of " + table.columns().get(c));
                values = JSON.createArrayNode();
                for (JsonNode row : pandas.get("cells")) ((com.fasterxml.jackson.databind.node.ArrayNode) values).add(row.get(c - k));
            }
            for (int r = 0; r < fields.size(); r++) {
                JsonNode v = values.get(r);
                String field = fields.get(r);
                String at = where + " row " + r + " column " + table.columns().get(c);
                assertEquals(v.isNull(), Pandas.isNa(field), at + " NA");
                if (v.isNull()) continue;
                if ("object".equals(dtype)) assertEquals(v.asText(), field, at);
                else if ("float64".equals(dtype)) assertEquals(parseFloat(v.asText()), parseFloat(field), at);
                else if (dtype != null && dtype.endsWith("int64")) assertEquals(v.asText(), Pandas.integerValue(field).toString(), at);
            }
        }
    }

    private static double parseFloat(String field) {
        String t = field.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("[+-]?inf(inity)?")) return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        return Double.parseDouble(t);
    }

    @Test
    void writtenFilesReadBackAsTheSameTable() throws Exception {
        Python.assumeModules("pandas");
        List<String> pairs = new ArrayList<>();
        for (byte[] file : corpus()) {
            CsvTable table;
            try {
                table = PandasCsvReader.read("t.csv", PandasCsvReader.decode("t.csv", file));
            } catch (CsvFormatException e) {
                continue;
            }
            // an implicit index becomes a named column when written back: the validator reports that case
            if (table.implicitIndexColumns() > 0 || table.columns().stream().anyMatch(c -> c.startsWith("Unnamed: "))) continue;
            String written = PandasCsvWriter.write(table.columns(), table.records().stream().map(CsvRecord::cells).toList());
            pairs.add(JSON.writeValueAsString(List.of(base64(file), base64(written.getBytes(StandardCharsets.UTF_8)))));
        }
        List<JsonNode> same = ask(SAME_SCRIPT, pairs);
        for (int i = 0; i < pairs.size(); i++) assertTrue(same.get(i).asBoolean(), "pandas reads a rewritten file differently: " + pairs.get(i));
        assertTrue(pairs.size() > 100, "only " + pairs.size() + " files round-tripped");
    }

    static List<byte[]> corpus() {
        List<String> texts = new ArrayList<>(List.of(
                "a,b\n1,2\n   \n3,4\n", "a,b\n1,2\n\n3,4\n", "a,b,c\n1,2\n", "a,b\nx,1,2\ny,3,4\n", "a,a,\n1,2,3\n",
                "a,b\n\"ab\"cd,2\n", "a,b\nx\"y,2\n", "a,b\n \"x,y\",2\n", "a,b\r1,2\r3,4\r", "a,b\n 1,2 \n3 ,4\n",
                "a\n1\n2.0\n", "a\n1\n\n2\nNA\n", "a\nTrue\nfalse\n", "a\nTrue\n\"\"\n", "a\ninf\n-Infinity\n", "a\n+1\n-2\n",
                "a\n0x10\n", "a\n99999999999999999999\n", "a\n1_000\n", "a,b\n\"NA\",1\n\" NA\",2\n", "\n\na,b\n1,2\n",
                "a,,b\n1,2,3\n", "a\n\" 42\"\n\"7\"\n", "\ufeffa,b\n1,2\n", "a,b,\n1,2,\n", "a\n1e3\n2\n", "a\n1.5E+3\n.5\n5.\n",
                "a,b\n\" \",1\n", "a,a,a.1\n1,2,3\n", "a\n18446744073709551615\n", "a\n-0\n", "a,b\n1,2,3,4\n5,6\n",
                "a,b\n1,2\n3\n4,5\n", "a,b\n1,2\n3,4,5\n", "a,b\n1,2,3\n4,5,6,7\n", "a,b\n1,2,3\n4\n5,6,7\n", "a,b\n1\n2,3,4\n",
                "a,b\n\"x\ny\",1\n2,3,4\n", "", "\n\n", "a,b\n", "a,b\n\"abc", "\"a\"b\"c\",d\n1,2\n", "a,b\n\"ab\"cd\"ef\",1\n",
                "a,b\n\"ab\" ,1\n", "a\n\"\"\n", "a\n\"\"\"\"\n", "a,b\n,\n", "a\n  \t\n1\n", "a\n\" \"\n", "a,b\n1,2\r\n3,4\r\n",
                "a,b\r\n\"x\r\ny\",1\r\n", "a\nNone\nnull\n", "a\n-nan\n#N/A N/A\n",
                ",prompt,classes,answer_index\n0,\"Q: x?\nA:\",\"[' Yes', ' No']\",0\n1,\"Q: y?\r\nA:\",\"[\"\" it's\"\", ' No']\",1\n",
                "prompt,completion\nSay,\" 42\"\nCount,\" 7\"\n", "prompt,completion\nSay,\" 42\"\nCount,\" seven\"\n",
                "prompt,classes,answer_index\nA,\"[' a', ' b']\",1.0\nB,\"[' a', ' b']\",\n",
                "a\n\u00e9\u4e2d\uD83D\uDE00\n", "a\n\ufeffb\n", "a,b\n\"x\"\"y\"\"\",\"\"\"\"\n", "a\n\"multi\n\nline\"\n",
                "a\n\"\r\"\n", "a,b\n1,\"2\n", "a\n\t\"q\"\n", "a\n1\n \n2\n"));
        Random r = new Random(42);
        for (int i = 0; i < 250; i++) texts.add(randomFile(r));
        List<byte[]> out = new ArrayList<>(texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList());
        out.add(new byte[]{'a', '\n', (byte) 0xff, '\n'});
        return out;
    }

    private static final String[] FIELDS = {"", " ", "x", " x", "x ", "a,b", "say \"hi\"", "\"", "line\nbreak", "crlf\r\nbreak",
            "cr\rbreak", "NA", "nan", "None", "NULL", "#N/A", "n/a", "1", " 2", "3.5", "-4", "1e5", "inf", "True", "false",
            "[' A', ' B']", "[\" it's\", ' B']", "\u00e9", "\uD83D\uDE00", "\t", "x\"y", "0", "007"};

    private static String randomFile(Random r) {
        int cols = 1 + r.nextInt(4);
        int rows = r.nextInt(6);
        StringBuilder s = new StringBuilder();
        String nl = r.nextInt(4) == 0 ? "\r\n" : "\n";
        for (int c = 0; c < cols; c++) s.append(c == 0 ? "" : ",").append(r.nextInt(8) == 0 ? "" : "c" + r.nextInt(3));
        s.append(nl);
        // a column keeps one flavour of value most of the time, so numeric and bool dtypes happen
        String[] flavour = new String[cols];
        for (int c = 0; c < cols; c++) flavour[c] = FIELDS[r.nextInt(FIELDS.length)];
        for (int i = 0; i < rows; i++) {
            int n = r.nextInt(10) == 0 ? r.nextInt(cols + 2) : cols;
            for (int c = 0; c < n; c++) {
                String f = r.nextInt(3) == 0 ? FIELDS[r.nextInt(FIELDS.length)] : flavour[Math.min(c, cols - 1)];
                boolean needsQuotes = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r");
                boolean quote = needsQuotes ? r.nextInt(20) != 0 : r.nextInt(4) == 0;
                s.append(c == 0 ? "" : ",").append(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
            }
            s.append(r.nextInt(8) == 0 ? nl + nl : nl);
        }
        return s.toString();
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static List<JsonNode> ask(String script, List<String> lines) throws Exception {
        StringBuilder in = new StringBuilder();
        for (String l : lines) in.append(l.startsWith("[") ? l : JSON.writeValueAsString(l)).append('\n');
        String[] out = Python.run(script, in.toString()).split("\n");
        assertEquals(lines.size(), out.length);
        List<JsonNode> nodes = new ArrayList<>();
        for (String o : out) nodes.add(JSON.readTree(o));
        return nodes;
    }
}
