package org.isstudio.remote.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One model of a catalog series.
 *
 * @param name                   short name users type ({@code pythia-410m}); unique in the catalog
 * @param repo                   Hub repository id; empty for models of OpenAI's API and reference-only models
 * @param size                   the size as the family names it ({@code 410M})
 * @param parameters             the x position on scaling plots: the contest's {@code size_dict} value where the
 *                               contest used the model, else the nominal size of the name
 * @param totalParameters        every parameter, as transformers counts them; -1 if unknown
 * @param nonEmbeddingParameters without token/position embeddings and an untied head (Kaplan et al.); -1 if unknown
 * @param aliases                other names that select this member
 * @param alsoCachedAs           older Hub ids of the same repository (gpt2 before openai-community/gpt2), looked
 *                               up in the cache so downloads made under them are reused
 * @param config                 the config.json keys that determine the size, for estimates before downloading
 */
public record CatalogMember(String name, Optional<String> repo, String size, long parameters, long totalParameters,
                            long nonEmbeddingParameters, List<String> aliases, List<String> alsoCachedAs,
                            Optional<JsonNode> config) {

    public CatalogMember {
        aliases = List.copyOf(aliases);
        alsoCachedAs = List.copyOf(alsoCachedAs);
    }

    /** Whether the user's word names this member: its name, an alias, its size label or its repo, any case. */
    public boolean answersTo(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return name.toLowerCase(Locale.ROOT).equals(w)
                || aliases.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(w))
                || repo.map(r -> r.toLowerCase(Locale.ROOT).equals(w)).orElse(false);
    }
}
