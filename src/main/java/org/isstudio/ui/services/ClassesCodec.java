package org.isstudio.ui.services;

import java.util.List;

/** The {@code classes} cell's Python list literal, as the classes editor reads and writes it. */
public interface ClassesCodec {

    /** @throws IllegalArgumentException with a message for people when the text is not a list of strings */
    List<String> parse(String literal);

    /** Python's repr of the list, as the contest's files hold it. */
    String format(List<String> classes);
}
