package org.isstudio.engine.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GPT-2 layout from before tokenizer.json: {@code vocab.json} + {@code merges.txt} (and
 * {@code added_tokens.json}), as {@code facebook/opt-*} still ships it. Read into the parts transformers'
 * GPT2Converter builds from them: byte-level BPE without an unknown token, the config's add_prefix_space,
 * the ByteLevel decoder; the BOS template, if add_bos_token asks for one, is added with the other
 * config-driven parts by {@link Tokenizers}.
 */
final class VocabMergesFiles {

    static final String VOCAB = "vocab.json";
    static final String MERGES = "merges.txt";
    static final String ADDED = "added_tokens.json";

    private VocabMergesFiles() {
    }

    static boolean present(Path folder) {
        return Files.isRegularFile(folder.resolve(VOCAB)) && Files.isRegularFile(folder.resolve(MERGES));
    }

    static TokenizerJson.Parts read(Path folder, TokenizerConfig config) throws IOException {
        Map<String, Integer> vocab = TokenizerJson.vocab(Tokenizers.readJson(folder.resolve(VOCAB)));
        List<String> lines = Files.readAllLines(folder.resolve(MERGES), StandardCharsets.UTF_8);
        MergeTable merges = new MergeTable(lines.size());
        int rank = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            JsonField where = JsonField.located(MERGES, "line " + (i + 1));
            String[] parts = line.split(" ", -1);
            if (parts.length != 2) throw where.error("expected two tokens separated by one space, found '" + line + "'");
            TokenizerJson.addMerge(merges, vocab, parts[0], parts[1], "", rank++, where);
        }
        BpeModel model = new BpeModel(vocab, merges, -1, false, false, false, "", "");
        List<AddedToken> added = new ArrayList<>();
        if (Files.isRegularFile(folder.resolve(ADDED))) {
            for (Map.Entry<String, Integer> e : TokenizerJson.vocab(Tokenizers.readJson(folder.resolve(ADDED))).entrySet()) {
                added.add(new AddedToken(e.getValue(), e.getKey(), false, false, false, true, false));
            }
        }
        boolean addPrefixSpace = config.addPrefixSpace() != null && config.addPrefixSpace();
        return new TokenizerJson.Parts(added, null, new PreTokenizer.ByteLevelSplit(addPrefixSpace, true), model,
                new PostProcessor.ByteLevelOffsets(), new Decoder.ByteLevelDecoder());
    }
}
