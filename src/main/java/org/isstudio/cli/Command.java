package org.isstudio.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One sub-command of {@code isstudio}. Exit codes: 0 success, 1 the work found errors (e.g. validation
 * errors), 2 bad usage or an input that could not be read.
 */
public interface Command {

    String name();

    /** One line for {@code isstudio help}. */
    String summary();

    /** The full usage text for {@code isstudio help NAME} and usage errors. */
    String usage();

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
