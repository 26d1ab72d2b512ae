package org.isstudio.format.pyliteral;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Resolves the name in a {@code \N{...}} escape the way Python's {@code unicodedata.lookup} does:
 * case-insensitive character names, the formal name aliases ({@code LINE FEED}, {@code LF}, {@code NBSP}),
 * and the algorithmic names of CJK unified ideographs and Hangul syllables. Java's own
 * {@link Character#codePointOf} knows neither the aliases nor the algorithmic names, and accepts names that
 * Python does not (control characters' {@code "LINE FEED (LF)"}, surrounding spaces), hence this class.
 */
final class UnicodeNames {

    private static final Map<String, Integer> ALIASES = loadAliases();

    // Hangul syllable name parts (Unicode §3.12, "Hangul Syllable Name Generation")
    private static final String[] LEADS = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ",
            "C", "K", "T", "P", "H"};
    private static final String[] VOWELS = {"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE",
            "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"};
    private static final String[] TAILS = {"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS",
            "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"};

    private UnicodeNames() {
    }

    static OptionalInt lookup(String name) {
        // Unicode names and aliases use only letters, digits, space and hyphen; anything else (including the
        // parenthesised abbreviations Java adds to control characters) is not a name Python knows.
        if (name.isEmpty() || !name.matches("[A-Za-z0-9 \\-]+") || name.startsWith(" ") || name.endsWith(" ")) {
            return OptionalInt.empty();
        }
        String upper = name.toUpperCase(Locale.ROOT);
        Integer alias = ALIASES.get(upper);
        if (alias != null) return OptionalInt.of(alias);
        if (upper.startsWith("CJK UNIFIED IDEOGRAPH-")) return cjk(upper.substring("CJK UNIFIED IDEOGRAPH-".length()));
        if (upper.startsWith("HANGUL SYLLABLE ")) return hangul(upper.substring("HANGUL SYLLABLE ".length()));
        try {
            int cp = Character.codePointOf(upper);
            return upper.equals(Character.getName(cp)) ? OptionalInt.of(cp) : OptionalInt.empty();
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt cjk(String hex) {
        if (!hex.matches("[0-9A-F]{4,5}")) return OptionalInt.empty();
        int cp = Integer.parseInt(hex, 16);
        boolean unified = Character.isIdeographic(cp) && Character.getType(cp) == Character.OTHER_LETTER
                && Character.getName(cp).startsWith("CJK UNIFIED IDEOGRAPHS");
        return unified ? OptionalInt.of(cp) : OptionalInt.empty();
    }

    private static OptionalInt hangul(String syllable) {
        for (int l = 0; l < LEADS.length; l++) {
            if (!syllable.startsWith(LEADS[l])) continue;
            String afterLead = syllable.substring(LEADS[l].length());
            for (int v = 0; v < VOWELS.length; v++) {
                if (!afterLead.startsWith(VOWELS[v])) continue;
                String tail = afterLead.substring(VOWELS[v].length());
                for (int t = 0; t < TAILS.length; t++) {
                    if (TAILS[t].equals(tail)) return OptionalInt.of(0xAC00 + (l * VOWELS.length + v) * TAILS.length + t);
                }
            }
        }
        return OptionalInt.empty();
    }

    private static Map<String, Integer> loadAliases() {
        Map<String, Integer> map = new HashMap<>();
        try (InputStream in = UnicodeNames.class.getResourceAsStream("name-aliases.txt")) {
            if (in == null) throw new IllegalStateException("name-aliases.txt is missing from the class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int semi = line.indexOf(';');
                map.put(line.substring(semi + 1).toUpperCase(Locale.ROOT), Integer.parseInt(line.substring(0, semi), 16));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
