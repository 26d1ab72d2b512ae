package org.isstudio.ui.wiring;

import org.isstudio.format.pyliteral.PyLiteral;
import org.isstudio.format.pyliteral.PyLiteralException;
import org.isstudio.ui.services.ClassesCodec;

import java.util.List;

/** The classes editor's codec: format's Python-literal parser and repr, as the contest's files need them. */
final class PyClasses implements ClassesCodec {

    @Override
    public List<String> parse(String literal) {
        try {
            return PyLiteral.parseStringList(literal);
        } catch (PyLiteralException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public String format(List<String> classes) {
        return PyLiteral.reprStrings(classes);
    }
}
