package org.isstudio.format.csv;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What pandas makes of a field's text: whether it is NA, and the dtype it infers for a whole column (the
 * C parser's {@code _infer_types}: int64, else uint64, else float64, else bool, else object).
 * Checked against pandas 1.5, the line the contest pinned (^1.3).
 */
public final class Pandas {

    /** pandas 1.x's default {@code na_values} ({@code pandas._libs.parsers.STR_NA_VALUES}); matched exactly, untrimmed. */
    public static final Set<String> NA_VALUES = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
            "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "n/a", "nan", "null");

    /** Read as NA from pandas 2.0 on, but not by the contest's pandas 1.x: a trap for anyone rerunning it today. */
    public static final String NA_FROM_PANDAS_2 = "None";

    /** The column types pandas infers for text columns. */
    public enum Dtype {
        INT64("int64"), UINT64("uint64"), FLOAT64("float64"), BOOL("bool"), OBJECT("object");

        private final String pandasName;

        Dtype(String pandasName) {
            this.pandasName = pandasName;
        }

        public String pandasName() {
            return pandasName;
        }

        public boolean isNumeric() {
            return this == INT64 || this == UINT64 || this == FLOAT64;
        }
    }

    // the C tokenizer's number syntax: C isspace() around, an optional sign, no thousands separator
    private static final String SPACE = "[ \\t\\n\\u000b\\f\\r]*";
    private static final Pattern INTEGER = Pattern.compile(SPACE + "[+-]?[0-9]+" + SPACE);
    private static final Pattern FLOAT = Pattern.compile(SPACE
            + "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity))" + SPACE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Pandas() {
    }

    /** Whether pandas reads this field as NaN: a missing field or one of {@link #NA_VALUES}, quoted or not. */
    public static boolean isNa(String field) {
        return field == null || NA_VALUES.contains(field);
    }

    /** Whether the text parses as a number by itself (pandas would make an all-such column numeric). */
    public static boolean looksNumeric(String field) {
        return field != null && (INTEGER.matcher(field).matches() || FLOAT.matcher(field).matches());
    }

    /** Whether the text is an integer literal as pandas reads one, e.g. {@code 1}, {@code " +2 "}, not {@code 1.0}. */
    public static boolean isIntegerLiteral(String field) {
        return field != null && INTEGER.matcher(field).matches();
    }

    /** The integer value of an {@link #isIntegerLiteral} field. */
    public static BigInteger integerValue(String field) {
        String t = field.strip();
        return new BigInteger(t.startsWith("+") ? t.substring(1) : t);
    }

    /** The dtype pandas infers for a column holding these fields ({@code null} = missing). */
    public static Dtype inferDtype(List<String> fields) {
        boolean anyNa = false;
        boolean allInt64 = true;
        boolean allUint64 = true;
        boolean allFloat = true;
        boolean allBool = true;
        boolean intOverflow = false;
        for (String f : fields) {
            if (isNa(f)) {
                anyNa = true;
                continue;
            }
            if (INTEGER.matcher(f).matches()) {
                BigInteger v = integerValue(f);
                boolean fitsInt64 = v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0;
                boolean fitsUint64 = v.signum() >= 0 && v.compareTo(UINT64_MAX) <= 0;
                allInt64 &= fitsInt64;
                allUint64 &= fitsUint64;
                intOverflow |= !fitsInt64 && !fitsUint64;
            } else {
                allInt64 = false;
                allUint64 = false;
                allFloat &= FLOAT.matcher(f).matches();
            }
            String lower = f.toLowerCase(Locale.ROOT);
            allBool &= lower.equals("true") || lower.equals("false");
        }
        if (!anyNa && allInt64) return fields.isEmpty() ? Dtype.OBJECT : Dtype.INT64;
        if (!anyNa && allUint64) return Dtype.UINT64;
        // an integer too large for 64 bits makes the C parser give up on numbers altogether
        if (allFloat && !intOverflow) return Dtype.FLOAT64;
        if (allBool && !anyNa) return Dtype.BOOL;
        return Dtype.OBJECT;
    }
}
