package org.isstudio.ui.template;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.isstudio.model.Columns;
import org.isstudio.model.PromptTemplate;
import org.isstudio.model.Row;
import org.isstudio.model.ShotSelection;
import org.isstudio.model.TaskPart;
import org.isstudio.model.TaskProject;
import org.isstudio.ui.project.PartKey;
import org.isstudio.ui.project.ProjectSession;
import org.isstudio.ui.services.PromptPreview;

import java.util.List;

/**
 * A part's few-shot template and the live preview of the selected row rendered through it, with the same
 * renderer scoring uses, so what the preview shows is what the models see. Every field change is one undoable
 * step (typing in one field merges into one).
 */
public final class TemplateViewModel {

    private final ProjectSession session;
    private final PartKey key;
    private final PromptPreview renderer;
    private final ReadOnlyObjectWrapper<PromptTemplate> template = new ReadOnlyObjectWrapper<>(this, "template");
    private final ObjectProperty<Row> previewRow = new SimpleObjectProperty<>(this, "previewRow");
    private final ReadOnlyObjectWrapper<PromptPreview.Rendered> rendered = new ReadOnlyObjectWrapper<>(this, "rendered");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    public TemplateViewModel(ProjectSession session, PartKey key, PromptPreview renderer) {
        this.session = session;
        this.key = key;
        this.renderer = renderer;
        session.projectProperty().addListener((obs, o, p) -> refresh(p));
        previewRow.addListener((obs, o, r) -> render());
        refresh(session.project());
    }

    private void refresh(TaskProject p) {
        TaskPart part = p.parts().stream().filter(key::matches).findFirst().orElse(null);
        template.set(part == null ? null : part.template());
        render();
    }

    private void render() {
        TaskPart part = session.project().parts().stream().filter(key::matches).findFirst().orElse(null);
        Row r = previewRow.get();
        if (part == null || part.rows().isEmpty()) {
            rendered.set(null);
            error.set(part == null ? "" : "The part has no rows to preview.");
            return;
        }
        // the preview follows the row's current content, or the first row when none is selected
        String id = r != null && part.rows().stream().anyMatch(x -> x.id().equals(r.id())) ? r.id() : part.rows().getFirst().id();
        try {
            rendered.set(renderer.render(part, id));
            error.set("");
        } catch (IllegalArgumentException e) {
            rendered.set(null);
            error.set(e.getMessage());
        }
    }

    /** Gives a part of plain contest rows a template that renders them unchanged, so shots can be added. */
    public void createTemplate() {
        TaskPart part = session.part(key);
        if (part.template() != null) return;
        boolean sequence = part.columns().contains(Columns.COMPLETION) && !part.columns().contains(Columns.CLASSES);
        PromptTemplate t = new PromptTemplate("", "{" + Columns.PROMPT + "}",
                sequence ? List.of() : List.of("{" + Columns.CLASSES + "}"),
                sequence ? "{" + Columns.COMPLETION + "}" : "{" + Columns.ANSWER_INDEX + "}",
                part.columns().contains(Columns.OTHER_PROMPT) ? "{" + Columns.OTHER_PROMPT + "}" : "",
                0, ShotSelection.FIRST_N, List.of(), 0, PromptTemplate.CONTEST_SEPARATOR);
        session.editPart(key, "Add template", p -> p.withTemplate(t));
    }

    /** Sets one field; {@code field} also names the merge key, so typing in it is one undo step. */
    public void set(Field field, Object value) {
        PromptTemplate t = template.get();
        if (t == null) return;
        PromptTemplate n = field.apply(t, value);
        if (n.equals(t)) return;
        session.editPart(key, "Edit template " + field.label, "template:" + key + ":" + field, p -> p.withTemplate(n));
    }

    /** The template's fields and how to replace each in the immutable record. */
    public enum Field {
        INSTRUCTION("instruction"), PROMPT("prompt pattern"), CLASSES("class patterns"), ANSWER("answer pattern"),
        OTHER_PROMPT("other prompt pattern"), SHOTS("shots"), SELECTION("shot selection"), SEED("seed"),
        SEPARATOR("separator");

        final String label;

        Field(String label) {
            this.label = label;
        }

        @SuppressWarnings("unchecked")
        PromptTemplate apply(PromptTemplate t, Object v) {
            return switch (this) {
                case INSTRUCTION -> new PromptTemplate((String) v, t.promptPattern(), t.classPatterns(), t.answerPattern(),
                        t.otherPromptPattern(), t.shots(), t.selection(), t.fixedShotIds(), t.seed(), t.separator());
                case PROMPT -> new PromptTemplate(t.instruction(), (String) v, t.classPatterns(), t.answerPattern(),
                        t.otherPromptPattern(), t.shots(), t.selection(), t.fixedShotIds(), t.seed(), t.separator());
                case CLASSES -> new PromptTemplate(t.instruction(), t.promptPattern(), (List<String>) v, t.answerPattern(),
                        t.otherPromptPattern(), t.shots(), t.selection(), t.fixedShotIds(), t.seed(), t.separator());
                case ANSWER -> new PromptTemplate(t.instruction(), t.promptPattern(), t.classPatterns(), (String) v,
                        t.otherPromptPattern(), t.shots(), t.selection(), t.fixedShotIds(), t.seed(), t.separator());
                case OTHER_PROMPT -> new PromptTemplate(t.instruction(), t.promptPattern(), t.classPatterns(),
                        t.answerPattern(), (String) v, t.shots(), t.selection(), t.fixedShotIds(), t.seed(), t.separator());
                case SHOTS -> t.withShots((Integer) v);
                case SELECTION -> new PromptTemplate(t.instruction(), t.promptPattern(), t.classPatterns(),
                        t.answerPattern(), t.otherPromptPattern(), t.shots(), (ShotSelection) v, t.fixedShotIds(),
                        t.seed(), t.separator());
                case SEED -> new PromptTemplate(t.instruction(), t.promptPattern(), t.classPatterns(), t.answerPattern(),
                        t.otherPromptPattern(), t.shots(), t.selection(), t.fixedShotIds(), (Long) v, t.separator());
                case SEPARATOR -> new PromptTemplate(t.instruction(), t.promptPattern(), t.classPatterns(),
                        t.answerPattern(), t.otherPromptPattern(), t.shots(), t.selection(), t.fixedShotIds(), t.seed(),
                        (String) v);
            };
        }
    }

    /** Shows control characters as escapes (three newlines as {@code \n\n\n}) so a one-line field can edit them. */
    public static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }

    /** The inverse of {@link #escape}; an unknown escape keeps its backslash. */
    public static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '\\' -> b.append('\\');
                    default -> {
                        b.append(c).append(n);
                    }
                }
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public ReadOnlyObjectProperty<PromptTemplate> templateProperty() {
        return template.getReadOnlyProperty();
    }

    public ObjectProperty<Row> previewRowProperty() {
        return previewRow;
    }

    public ReadOnlyObjectProperty<PromptPreview.Rendered> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
