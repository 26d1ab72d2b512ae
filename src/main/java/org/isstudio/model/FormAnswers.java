package org.isstudio.model;

/**
 * The submission form's answers (prize spec §7.4). Author names live here and nowhere else, so the export can
 * keep them out of every file name and zip entry.
 */
public record FormAnswers(String authors, String description, String whyImportant, String whyInverseScaling,
                          String whyNovel, String generationProcedure, String generationType, String sources,
                          String codeLink, String expertise, boolean fewShot) {

    public static FormAnswers empty() {
        return new FormAnswers("", "", "", "", "", "", "", "", "", "", false);
    }
}
