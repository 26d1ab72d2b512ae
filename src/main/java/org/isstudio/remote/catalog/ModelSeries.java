package org.isstudio.remote.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A family of models that differ in size only, ordered by size: what an author compares on a scaling plot.
 *
 * @param tuning      {@code base}, or {@code instruct} for instruction-tuned / RLHF counterparts
 * @param pairedWith  the base series of an instruct series and vice versa, to overlay both curves
 * @param backend     {@code local} (Hub checkpoints the engine runs), {@code openai} (models of OpenAI's API, scored
 *                    there) or {@code reference} (listed for their plot positions only, such as the contest's
 *                    retired GPT-3 API models)
 * @param storedDtype the dtype of the checkpoints on the Hub ({@code float16}, ...), which sets the download size
 */
public record ModelSeries(String name, String title, String tuning, Optional<String> pairedWith, String backend,
                          String storedDtype, String note, List<CatalogMember> members) {

    public ModelSeries {
        members = List.copyOf(members);
    }

    public static final String LOCAL = "local";
    public static final String OPENAI = "openai";
    public static final String REFERENCE = "reference";
    static final List<String> BACKENDS = List.of(LOCAL, OPENAI, REFERENCE);

    public boolean isReference() {
        return backend.equals(REFERENCE);
    }

    /** Scored on OpenAI's API, the members named by their API names ({@code davinci-002}). */
    public boolean isOpenAiApi() {
        return backend.equals(OPENAI);
    }

    public boolean answersTo(String word) {
        return name.equalsIgnoreCase(word);
    }

    /** The member a word names: its name or alias, or its size label ({@code 1b} in {@code pythia..1b}). */
    public Optional<CatalogMember> member(String word) {
        Optional<CatalogMember> m = members.stream().filter(x -> x.answersTo(word)).findFirst();
        if (m.isPresent()) return m;
        String w = word.toLowerCase(Locale.ROOT);
        return members.stream().filter(x -> x.size().toLowerCase(Locale.ROOT).equals(w)).findFirst();
    }
}
