package org.isstudio.eval.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PyFloatTest {

    @Test
    void matchesPythonsRepr() {
        // expected strings printed by CPython 3.11's repr()
        double[] values = {0.1, 1.0, 1e-5, 1.5e16, 123456789012345.6, 1e16, 0.0001234, 0.00001234, -2.5, 1e22,
                Double.MIN_VALUE, Double.MAX_VALUE, 12345678.0, -0.0, 0.30000000000000004, 1.0 / 3};
        String[] expected = {"0.1", "1.0", "1e-05", "1.5e+16", "123456789012345.6", "1e+16", "0.0001234", "1.234e-05",
                "-2.5", "1e+22", "5e-324", "1.7976931348623157e+308", "12345678.0", "-0.0", "0.30000000000000004",
                "0.3333333333333333"};
        for (int i = 0; i < values.length; i++) assertEquals(expected[i], PyFloat.repr(values[i]), "repr(" + values[i] + ")");
        assertEquals("nan", PyFloat.repr(Double.NaN));
        assertEquals("-inf", PyFloat.repr(Double.NEGATIVE_INFINITY));
    }
}
