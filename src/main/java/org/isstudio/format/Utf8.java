package org.isstudio.format;

import org.isstudio.format.csv.CsvFormatException;
import org.isstudio.format.csv.PandasCsvReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a text file as strict UTF-8, naming the line of the first byte that is not (Java's own message does not). */
public final class Utf8 {

    private Utf8() {
    }

    public static String read(Path file) throws IOException {
        try {
            return PandasCsvReader.decode(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (CsvFormatException e) {
            throw new TaskFileException(e.getMessage(), e);
        }
    }
}
