package org.isstudio.format.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file the way {@code pandas.read_csv(path)} with default arguments does (the contest's loader):
 * UTF-8 with a leading BOM dropped, {@code ,} and {@code "} with {@code ""} for a quote, line breaks (CRLF
 * too) kept verbatim inside quoted fields, text after a closing quote appended, blank and whitespace-only lines
 * skipped, nothing trimmed; header names as pandas makes them; short rows padded with missing fields, a first
 * data row longer than the header turned into an implicit index, any later longer row refused.
 *
 * <pre>{@code
 * CsvTable t = PandasCsvReader.read(Path.of("task.csv"));
 * List<String> prompts = t.column("prompt");
 * }</pre>
 */
public final class PandasCsvReader {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(true)
            .setTrailingData(true)   // "ab"cd reads as abcd, as in pandas' C tokenizer
            .get();

    private PandasCsvReader() {
    }

    public static CsvTable read(Path path) throws IOException, CsvFormatException {
        String name = path.getFileName().toString();
        return read(name, decode(name, Files.readAllBytes(path)));
    }

    /** Decodes UTF-8 strictly, as pandas does (it raises UnicodeDecodeError), naming the line of a bad byte. */
    public static String decode(String file, byte[] bytes) throws CsvFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) result = decoder.flush(out);
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) if (bytes[i] == '\n') line++;
            throw new CsvFormatException(file, line, "", String.format(
                    "not valid UTF-8 (byte 0x%02X at offset %d); pandas reads CSV files as UTF-8 and would fail. "
                            + "Save the file as UTF-8.", bytes[bad] & 0xff, bad));
        }
        return out.flip().toString();
    }

    /** Reads already decoded text; {@code file} names it in errors. One leading BOM is dropped, as pandas does. */
    public static CsvTable read(String file, String text) throws CsvFormatException {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        LineIndex lines = new LineIndex(text);
        List<CSVRecord> raw = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
            for (CSVRecord r : parser) {
                if (!isWhitespaceLine(r, text)) raw.add(r);
            }
        } catch (UncheckedIOException | IOException e) {
            throw tokenizingError(file, text, lines, e);
        }
        if (raw.isEmpty()) throw new CsvFormatException(file, 1, "", "no header: pandas reports \"No columns to parse from file\"");
        List<String> header = raw.getFirst().toList();
        int width = header.size();
        int implicitIndex = 0;
        if (raw.size() > 1 && raw.get(1).size() > width) {
            implicitIndex = raw.get(1).size() - width;
            width = raw.get(1).size();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < implicitIndex; i++) names.add("");
        names.addAll(header);
        List<CsvRecord> records = new ArrayList<>(raw.size() - 1);
        for (CSVRecord r : raw.subList(1, raw.size())) {
            int line = lines.lineOf(recordStart(r, text));
            if (r.size() > width) {
                throw new CsvFormatException(file, line, "", "this row has " + r.size() + " fields but the header has "
                        + header.size() + (implicitIndex > 0 ? " (and the first row " + width + ")" : "")
                        + "; pandas stops with \"Error tokenizing data. C error: Expected " + width + " fields ... saw "
                        + r.size() + "\". A field with a comma in it needs double quotes.");
            }
            List<String> cells = new ArrayList<>(Arrays.asList(r.values()));
            while (cells.size() < width) cells.add(null);
            records.add(new CsvRecord(line, cells));
        }
        return new CsvTable(file, pandasNames(names), records, implicitIndex);
    }

    /** pandas' names for a header: {@code Unnamed: i} for empty ones, then duplicates mangled to {@code a.1}, {@code a.2}. */
    static List<String> pandasNames(List<String> header) {
        List<String> names = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            names.add(header.get(i).isEmpty() ? "Unnamed: " + i : header.get(i));
        }
        // pandas 1.5 TextReader._get_header: a repeat becomes name.N with N the first number whose name is free
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String col = names.get(i);
            String original = col;
            int count = counts.getOrDefault(col, 0);
            while (count > 0) {
                counts.put(original, count + 1);
                col = original + "." + count;
                count = names.contains(col) ? count + 1 : counts.getOrDefault(col, 0);
            }
            names.set(i, col);
            counts.put(col, count + 1);
        }
        return names;
    }

    /** Where the record's text starts: Commons CSV counts the empty lines it skipped before it as part of it. */
    private static int recordStart(CSVRecord r, String text) {
        int p = (int) r.getCharacterPosition();
        while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) p++;
        return p;
    }

    /** pandas skips lines of spaces and tabs only, as it skips empty ones; a quoted blank field is data. */
    private static boolean isWhitespaceLine(CSVRecord r, String text) {
        if (r.size() != 1 || r.get(0).isEmpty() || !r.get(0).chars().allMatch(c -> c == ' ' || c == '\t')) return false;
        int p = (int) r.getCharacterPosition();
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) p++;
        return p >= text.length() || text.charAt(p) != '"';
    }

    private static CsvFormatException tokenizingError(String file, String text, LineIndex lines, Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        if (m.contains("EOF reached before encapsulated token finished")) {
            int open = unclosedQuote(text);
            return new CsvFormatException(file, lines.lineOf(open), "", "a quoted field opened here is never closed; pandas "
                    + "stops with \"EOF inside string\". Check for a missing or an unescaped double quote (write \"\" for one \" inside quotes).");
        }
        return new CsvFormatException(file, 1, "", "cannot be read as CSV: " + m);
    }

    /** The offset of the opening quote of the field still open at the end of the text. */
    private static int unclosedQuote(String text) {
        boolean inQuotes = false;
        boolean fieldStart = true;
        int open = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') i++;
                    else inQuotes = false;
                }
            } else if (c == '"' && fieldStart) {
                inQuotes = true;
                open = i;
            }
            if (!inQuotes) fieldStart = c == ',' || c == '\n' || c == '\r';
        }
        return open;
    }

    /** Maps character offsets to 1-based line numbers; CRLF, CR and LF each end a line. */
    static final class LineIndex {
        private final int[] starts;

        LineIndex(String text) {
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (c == '\n' || c == '\r') s.add(i + 1);
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        int lineOf(int offset) {
            int i = Arrays.binarySearch(starts, offset);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }
}
