package org.isstudio.format.zip;

import org.isstudio.model.Diagnostic;
import org.isstudio.model.PartKind;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The submission's file layout (prize spec §7.2): {@code <task>.csv} alone, or {@code <task>-PART<i>.csv}
 * parts, with {@code <task>-CONTROL<i>.csv} control sets beside either; and its anonymity: file names come
 * from the task name only, which must be a plain file name and must not name an author.
 */
public final class SubmissionLayout {

    private static final java.util.regex.Pattern TASK_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private SubmissionLayout() {
    }

    /** The parts in the order the zip lists them: main, parts by number, controls by number. */
    public static List<TaskPart> ordered(TaskProject project) {
        return project.parts().stream()
                .sorted(Comparator.comparing(TaskPart::kind).thenComparingInt(TaskPart::number))
                .toList();
    }

    /** Everything that keeps the project from becoming a well-named, anonymous zip, as errors on the project. */
    public static List<Diagnostic> problems(TaskProject project) {
        List<Diagnostic> out = new ArrayList<>();
        String name = project.name();
        if (name.isBlank()) {
            out.add(error(name, "the task needs a name: the submission's file names are made from it"));
        } else if (!TASK_NAME.matcher(name).matches()) {
            out.add(error(name, "task name '" + name + "' is not a plain file name; use letters, digits, '-', '_' and '.', "
                    + "e.g. memo-trap"));
        }
        for (String author : authorNames(project.form().authors())) {
            if (normalise(name).contains(normalise(author))) {
                out.add(error(name, "the task name contains the author name '" + author + "'; file names must be anonymous"));
            }
        }
        if (project.parts().isEmpty()) out.add(error(name, "the project has no parts, so there is nothing to submit"));
        boolean hasMain = project.parts().stream().anyMatch(p -> p.kind() == PartKind.MAIN);
        boolean hasParts = project.parts().stream().anyMatch(p -> p.kind() == PartKind.PART);
        if (hasMain && hasParts) {
            out.add(error(name, "a single main file cannot sit beside -PART files; make the main file PART1 instead"));
        }
        if (project.parts().stream().filter(p -> p.kind() == PartKind.MAIN).count() > 1) {
            out.add(error(name, "more than one main file; number them as parts"));
        }
        Set<String> stems = new HashSet<>();
        for (TaskPart p : project.parts()) {
            if (p.kind() != PartKind.MAIN && p.number() < 1) {
                out.add(error(name, p.kind() + " number " + p.number() + " must be 1 or more"));
            }
            if (!stems.add(p.fileStem(name))) out.add(error(name, "two parts would both be " + p.fileStem(name) + ".csv"));
        }
        return out;
    }

    private static Diagnostic error(String name, String message) {
        return new Diagnostic(Severity.ERROR, name.isBlank() ? "(project)" : name, 0, "", message);
    }

    /** The names in the form's authors field: split on commas, semicolons, line breaks, '&' and ' and '. */
    static List<String> authorNames(String authors) {
        List<String> out = new ArrayList<>();
        for (String a : authors.split("[,;\\n&]|\\band\\b")) {
            String n = a.strip();
            if (n.isEmpty()) continue;
            out.add(n);
            String[] words = n.split("\\s+");
            // a surname alone in a file name gives the author away as much as the full name
            if (words.length > 1 && words[words.length - 1].length() >= 3) out.add(words[words.length - 1]);
        }
        return out;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
