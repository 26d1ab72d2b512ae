package org.isstudio.ui.services;

import org.isstudio.model.Diagnostic;
import org.isstudio.model.TaskProject;

import java.util.List;

/** The validator, as the validation panel and the cell markers use it. May run on a worker thread. */
@FunctionalInterface
public interface TaskChecks {

    /** Every problem of every part; diagnostics about a row carry its {@code rowId}, their {@code file} is the part's file stem. */
    List<Diagnostic> check(TaskProject project);
}
