package org.isstudio.format.pyliteral;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A value that Python's {@code ast.literal_eval} can return. The contest code evaluates the {@code classes}
 * column with {@code literal_eval}, so whatever it could get back (a tuple, a bare string, a list holding a
 * number) has to be representable here for the validator to say precisely what is wrong with it.
 *
 * <p>All implementations are immutable.
 */
public sealed interface PyValue {

    /** The Python type name, as {@code type(v).__name__} prints it. */
    String typeName();

    record Str(String value) implements PyValue {
        public String typeName() {
            return "str";
        }
    }

    /** A bytes literal; each char of {@code latin1} is one byte (0-255). */
    record Bytes(String latin1) implements PyValue {
        public String typeName() {
            return "bytes";
        }
    }

    record Int(BigInteger value) implements PyValue {
        public String typeName() {
            return "int";
        }
    }

    record Float(double value) implements PyValue {
        public String typeName() {
            return "float";
        }
    }

    record Complex(double real, double imag) implements PyValue {
        public String typeName() {
            return "complex";
        }
    }

    record Bool(boolean value) implements PyValue {
        public String typeName() {
            return "bool";
        }
    }

    record None() implements PyValue {
        public String typeName() {
            return "NoneType";
        }
    }

    record Ellipsis() implements PyValue {
        public String typeName() {
            return "ellipsis";
        }
    }

    record PyList(List<PyValue> items) implements PyValue {
        public PyList {
            items = List.copyOf(items);
        }

        public String typeName() {
            return "list";
        }
    }

    record PyTuple(List<PyValue> items) implements PyValue {
        public PyTuple {
            items = List.copyOf(items);
        }

        public String typeName() {
            return "tuple";
        }
    }

    /**
     * A set, in the order its items were written with repeats removed. (Python orders a set by hash, which
     * is randomised per process for strings, so no order here could match it.)
     */
    record PySet(List<PyValue> items) implements PyValue {
        public PySet {
            items = List.copyOf(items);
        }

        public String typeName() {
            return "set";
        }
    }

    /** A dict in insertion order; a repeated key keeps its first position and its last value, as in Python. */
    record PyDict(List<Map.Entry<PyValue, PyValue>> entries) implements PyValue {
        public PyDict {
            entries = List.copyOf(entries);
        }

        public String typeName() {
            return "dict";
        }
    }
}
