package org.isstudio.engine.tokenizer;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the regular expressions of {@code tokenizer.json} (written for Oniguruma, which the
 * {@code tokenizers} library uses for Split and ByteLevel patterns) as {@link java.util.regex.Pattern}s that
 * match the same strings.
 *
 * <p>Both are backtracking engines with leftmost-first alternation, possessive and atomic groups, so the
 * structure carries over unchanged. What differs is the meaning of a few escapes:
 * <ul>
 *   <li>{@code \s}, {@code \d}, {@code \w} and {@code (?i)} are Unicode-aware in Oniguruma (UTF-8) but ASCII
 *       in Java unless {@link Pattern#UNICODE_CHARACTER_CLASS} is on; with it, {@code \s} is White_Space,
 *       the same set as Oniguruma's (tab to CR, U+0085, and the Zs/Zl/Zp characters; U+FEFF and U+200B are
 *       in neither).</li>
 *   <li>{@code \h} is a hexadecimal digit in Oniguruma but horizontal space in Java; {@code \v} is the
 *       vertical tab alone in Oniguruma but all vertical space in Java.</li>
 *   <li>{@code \p{Han}}-style script names and long category names ({@code \p{Letter}}) need Java's
 *       {@code Is} prefix or short names.</li>
 * </ul>
 * One difference remains: the Unicode version. Java 25 knows Unicode 16, the library's Oniguruma an older
 * one, so a character assigned since (e.g. the Egyptian hieroglyphs of U+13460..U+143FF, letters for Java,
 * unassigned there) can fall into different classes. Tens of thousands of random texts over all older
 * characters tokenize identically (DjlCrossCheckTest).
 */
final class OnigurumaPattern {

    private static final Map<String, String> LONG_CATEGORY_NAMES = Map.ofEntries(
            Map.entry("letter", "L"), Map.entry("uppercaseletter", "Lu"), Map.entry("lowercaseletter", "Ll"),
            Map.entry("titlecaseletter", "Lt"), Map.entry("modifierletter", "Lm"), Map.entry("otherletter", "Lo"),
            Map.entry("mark", "M"), Map.entry("nonspacingmark", "Mn"), Map.entry("spacingmark", "Mc"),
            Map.entry("enclosingmark", "Me"), Map.entry("number", "N"), Map.entry("decimalnumber", "Nd"),
            Map.entry("letternumber", "Nl"), Map.entry("othernumber", "No"), Map.entry("punctuation", "P"),
            Map.entry("connectorpunctuation", "Pc"), Map.entry("dashpunctuation", "Pd"),
            Map.entry("openpunctuation", "Ps"), Map.entry("closepunctuation", "Pe"),
            Map.entry("initialpunctuation", "Pi"), Map.entry("finalpunctuation", "Pf"),
            Map.entry("otherpunctuation", "Po"), Map.entry("symbol", "S"), Map.entry("mathsymbol", "Sm"),
            Map.entry("currencysymbol", "Sc"), Map.entry("modifiersymbol", "Sk"), Map.entry("othersymbol", "So"),
            Map.entry("separator", "Z"), Map.entry("spaceseparator", "Zs"), Map.entry("lineseparator", "Zl"),
            Map.entry("paragraphseparator", "Zp"), Map.entry("other", "C"), Map.entry("control", "Cc"),
            Map.entry("format", "Cf"), Map.entry("surrogate", "Cs"), Map.entry("privateuse", "Co"),
            Map.entry("unassigned", "Cn"));

    private OnigurumaPattern() {
    }

    /** @throws PatternSyntaxException when the pattern is not valid, with the Java-side description */
    static Pattern compile(String onigurumaRegex) {
        return Pattern.compile(translate(onigurumaRegex), Pattern.UNICODE_CHARACTER_CLASS);
    }

    static String translate(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 16);
        int classDepth = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '[') {
                classDepth++;
                out.append(c);
                i++;
                // a ']' first in a class (after an optional '^') is a literal
                if (i < regex.length() && regex.charAt(i) == '^') out.append(regex.charAt(i++));
                if (i < regex.length() && regex.charAt(i) == ']') out.append(regex.charAt(i++));
                continue;
            }
            if (c == ']' && classDepth > 0) classDepth--;
            if (c != '\\' || i + 1 >= regex.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = regex.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'h' -> out.append(classDepth > 0 ? "0-9a-fA-F" : "[0-9a-fA-F]");
                case 'H' -> {
                    if (classDepth > 0) {
                        throw new PatternSyntaxException("\\H inside a character class is not supported", regex, i - 2);
                    }
                    out.append("[^0-9a-fA-F]");
                }
                case 'v' -> out.append("\\x{0B}");
                case 'p', 'P' -> {
                    int close = regex.indexOf('}', i);
                    if (i < regex.length() && regex.charAt(i) == '{' && close > 0) {
                        String name = regex.substring(i + 1, close);
                        boolean negated = name.startsWith("^");
                        char letter = negated ? (e == 'p' ? 'P' : 'p') : e;
                        out.append('\\').append(letter).append('{')
                                .append(javaProperty(negated ? name.substring(1) : name)).append('}');
                        i = close + 1;
                    } else {
                        out.append('\\').append(e);
                    }
                }
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }

    /** A Java name for Oniguruma's {@code \p{name}} (names there ignore case, '_', ' ' and '-'). */
    private static String javaProperty(String name) {
        if (accepted(name)) return name;
        String key = name.toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "").replace("-", "");
        String category = LONG_CATEGORY_NAMES.get(key);
        if (category != null) return category;
        if (accepted("Is" + name)) return "Is" + name;
        if (accepted("Is" + key)) return "Is" + key;
        return name; // Pattern.compile then reports the unknown property by name
    }

    private static boolean accepted(String property) {
        try {
            Pattern.compile("\\p{" + property + "}");
            return true;
        } catch (IllegalArgumentException e) { // PatternSyntaxException included
            return false;
        }
    }
}
