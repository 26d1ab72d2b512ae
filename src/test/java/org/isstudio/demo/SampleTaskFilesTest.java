package org.isstudio.demo;

import org.isstudio.format.TaskFiles;
import org.isstudio.format.template.Examples;
import org.isstudio.model.AppPaths;
import org.isstudio.model.Diagnostic;
import org.isstudio.model.Example;
import org.isstudio.model.Severity;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.model.TaskType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped sample task ({@code app/samples/ending-swap/}) is a valid contest classification task whose
 * rows are exactly what {@code generate.py} makes of {@code phrases.tsv}: three prompts per phrase, the two
 * endings as classes, the requested ending correct in the task and the usual one in the control.
 */
class SampleTaskFilesTest {

    private static final Path DIR = AppPaths.samplesDir().resolve("ending-swap");
    private static final int TEMPLATES = 3;

    private record Phrase(String prefix, String usual, String requested) {
    }

    private static List<Phrase> phrases() throws IOException {
        return Files.readAllLines(DIR.resolve("phrases.tsv"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t"))
                .map(f -> new Phrase(f[0], f[1], f[2]))
                .toList();
    }

    private static List<Example.Classification> examples(String file) throws IOException {
        TaskProject project = TaskFiles.read(DIR.resolve(file));
        assertEquals(1, project.parts().size(), file);
        TaskPart part = project.parts().getFirst();
        assertEquals(List.of("prompt", "classes", "answer_index"), part.columns(), file + " columns");
        return Examples.of(part).stream().map(e -> (Example.Classification) e).toList();
    }

    @Test
    void bothFilesValidateWithoutErrors() throws IOException {
        for (String file : List.of("ending-swap.csv", "ending-swap-CONTROL1.csv")) {
            List<Diagnostic> problems = TaskFiles.validate(DIR.resolve(file), TaskType.CLASSIFICATION, null).stream()
                    .filter(d -> d.severity() == Severity.ERROR)
                    .toList();
            assertEquals(List.of(), problems, file);
        }
    }

    @Test
    void taskAsksForTheRequestedEndingAndControlForTheUsualOne() throws IOException {
        List<Phrase> phrases = phrases();
        List<Example.Classification> task = examples("ending-swap.csv");
        List<Example.Classification> control = examples("ending-swap-CONTROL1.csv");
        assertTrue(phrases.size() >= 20, "phrases: " + phrases.size());
        assertEquals(phrases.size() * TEMPLATES, task.size());
        assertEquals(phrases.size() * TEMPLATES, control.size());
        for (int i = 0; i < task.size(); i++) {
            Phrase p = phrases.get(i / TEMPLATES);
            check(task.get(i), p, " " + p.requested(), i);
            check(control.get(i), p, " " + p.usual(), i);
            assertTrue(task.get(i).prompt().contains('"' + p.requested() + '"'),
                    "row " + i + ": the task prompt names the requested ending");
            assertFalse(control.get(i).prompt().contains(p.requested()),
                    "row " + i + ": the control prompt does not mention the requested ending");
        }
    }

    private static void check(Example.Classification e, Phrase p, String answer, int row) {
        String where = "row " + row + " (" + p.prefix() + ")";
        assertEquals(2, e.classes().size(), where);
        assertTrue(e.classes().containsAll(List.of(" " + p.usual(), " " + p.requested())), where + " classes " + e.classes());
        assertTrue(e.answerIndex() >= 0 && e.answerIndex() < e.classes().size(), where + " answer_index in range");
        assertEquals(answer, e.classes().get(e.answerIndex()), where);
        assertTrue(e.prompt().endsWith("\n" + p.prefix()) || e.prompt().endsWith(": " + p.prefix()),
                where + ": the prompt ends with the phrase's prefix");
        assertFalse(Character.isWhitespace(e.prompt().charAt(e.prompt().length() - 1)), where + ": no trailing space");
    }

    @Test
    void classOrderIsMixedSoThatAnswerIndexCarriesInformation() throws IOException {
        List<Example.Classification> task = examples("ending-swap.csv");
        long zeros = task.stream().filter(e -> e.answerIndex() == 0).count();
        assertTrue(zeros > task.size() / 4 && zeros < task.size() * 3 / 4, "answer_index 0 in " + zeros + " of " + task.size() + " rows");
    }
}
