package org.isstudio.eval.report;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}: the shortest digits that round-trip (as Java's {@link Double#toString} gives them
 * since JDK 19), in fixed notation for decimal exponents -4 to 15 and scientific ({@code 1e-05}, {@code 1.5e+16})
 * otherwise; {@code nan}, {@code inf}, {@code -inf}. The contest's result files were written by Python's csv module,
 * which formats floats with it.
 */
public final class PyFloat {

    private PyFloat() {
    }

    public static String repr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        // Java prints at least two significant digits and then the closest ones (4.9E-324), Python the fewest (5e-324)
        BigDecimal one = d.round(new java.math.MathContext(1));
        if (d.precision() == 2 && Double.parseDouble(one.toString()) == v) d = one.stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        // v = 0.d1d2... * 10^(exp+1), i.e. d1.d2... * 10^exp
        int exp = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = d.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
