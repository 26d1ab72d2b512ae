package org.isstudio.ui.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * The tab-separated text spreadsheets put on the clipboard (Excel, LibreOffice Calc, Google Sheets): cells
 * joined by tabs, rows by line breaks, and a cell that holds a tab, a line break or a quote wrapped in double
 * quotes with inner quotes doubled. Prompts routinely hold line breaks, so the quoting matters both ways.
 */
public final class Tsv {

    private Tsv() {
    }

    /** Parses clipboard text into rows of cells; a final line break does not start an empty row. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        if (text.isEmpty()) return rows;
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = text.length();
        boolean cellStart = true;
        while (i < n) {
            char c = text.charAt(i);
            if (cellStart && c == '"') {
                // a quoted cell: up to the quote that is not doubled; what follows up to the delimiter is kept
                i++;
                while (i < n) {
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cell.append(q);
                    i++;
                }
                cellStart = false;
                continue;
            }
            cellStart = false;
            if (c == '\t') {
                row.add(cell.toString());
                cell.setLength(0);
                cellStart = true;
                i++;
            } else if (c == '\r' || c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                cellStart = true;
                i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
            } else {
                cell.append(c);
                i++;
            }
        }
        if (!cellStart || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /** Formats rows the way spreadsheets copy them, so a paste into Calc or Sheets gives the same cells. */
    public static String format(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) out.append('\t');
                out.append(quote(row.get(c)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String quote(String cell) {
        boolean needs = cell.indexOf('\t') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0
                || cell.startsWith("\"");
        return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
