package org.isstudio.engine.tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers added tokens by the library's rule for their ids, which ignores the ids written in the file: a
 * token whose content is already known keeps that id (an earlier added token's, else the vocabulary's), a new
 * one gets the next id after the vocabulary and the added tokens so far. For files the library wrote, that
 * gives the written ids back; for hand-edited ones it gives the ids transformers uses.
 */
final class AddedTokenIds {

    private final BpeModel model;
    private final Map<String, AddedToken> byContent = new LinkedHashMap<>();
    private int maxId = -1;

    AddedTokenIds(BpeModel model) {
        this.model = model;
    }

    /** Registers a token; one with known content takes the new options but keeps its id. */
    void add(AddedToken t) {
        if (t.content().isEmpty()) return;
        AddedToken known = byContent.get(t.content());
        Integer inVocabulary = model.id(t.content());
        int id;
        if (known != null) {
            id = known.id();
        } else if (inVocabulary != null) {
            id = inVocabulary;
        } else {
            int vocab = model.entries();
            id = maxId < 0 ? vocab : (maxId >= vocab || vocab == 0 ? maxId + 1 : vocab);
        }
        // once special, a content stays special, as in the library's set of special tokens
        boolean special = t.special() || (known != null && known.special());
        byContent.put(t.content(), new AddedToken(id, t.content(), t.singleWord(), t.lstrip(), t.rstrip(),
                t.normalized(), special));
        maxId = Math.max(maxId, id);
    }

    void addIfAbsent(AddedToken t) {
        if (!byContent.containsKey(t.content())) add(t);
    }

    /** The id of a registered token's content, else the vocabulary's, else null. */
    Integer id(String content) {
        AddedToken t = byContent.get(content);
        return t != null ? Integer.valueOf(t.id()) : model.id(content);
    }

    List<AddedToken> tokens() {
        return new ArrayList<>(byContent.values());
    }
}
