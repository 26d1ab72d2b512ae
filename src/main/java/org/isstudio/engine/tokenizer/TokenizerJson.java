package org.isstudio.engine.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the components of a {@code tokenizer.json} (the {@code tokenizers} library's serialization) into
 * this package's pipeline. Every unsupported or malformed part is an error naming its field.
 */
final class TokenizerJson {

    private static final String NORMALIZERS = "NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Prepend, "
            + "Append, Replace, BertNormalizer, Sequence";
    private static final String PRE_TOKENIZERS = "ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit, "
            + "Punctuation, CharDelimiterSplit, BertPreTokenizer, Sequence";
    private static final String DECODERS = "ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, BPEDecoder, Sequence";
    private static final String POST_PROCESSORS = "ByteLevel, TemplateProcessing, RobertaProcessing, BertProcessing, Sequence";

    /** The parts of a tokenizer.json; the nullable ones are null where the file has null. */
    record Parts(List<AddedToken> addedTokens, Normalizer normalizer, PreTokenizer preTokenizer, BpeModel model,
            PostProcessor postProcessor, Decoder decoder) {
    }

    private TokenizerJson() {
    }

    static Parts read(JsonField root) throws TokenizerFormatException {
        if (!root.isObject()) throw root.error("expected a JSON object");
        List<AddedToken> added = new ArrayList<>();
        if (!root.get("added_tokens").isNull()) {
            for (JsonField t : root.get("added_tokens").elements()) added.add(addedToken(t));
        }
        Normalizer normalizer = root.get("normalizer").isNull() ? null : normalizer(root.get("normalizer"));
        PreTokenizer preTokenizer = root.get("pre_tokenizer").isNull() ? null : preTokenizer(root.get("pre_tokenizer"));
        BpeModel model = model(root.get("model"));
        PostProcessor post = root.get("post_processor").isNull() ? null : postProcessor(root.get("post_processor"));
        Decoder decoder = root.get("decoder").isNull() ? null : decoder(root.get("decoder"));
        return new Parts(added, normalizer, preTokenizer, model, post, decoder);
    }

    static AddedToken addedToken(JsonField t) throws TokenizerFormatException {
        boolean special = t.get("special").bool(false);
        return new AddedToken(t.get("id").integer(), t.get("content").text(), t.get("single_word").bool(false),
                t.get("lstrip").bool(false), t.get("rstrip").bool(false), t.get("normalized").bool(!special), special);
    }

    static Normalizer normalizer(JsonField n) throws TokenizerFormatException {
        return switch (n.type()) {
            case "NFC", "NFD", "NFKC", "NFKD" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.valueOf(n.type()));
            case "Lowercase" -> new Normalizer.Lowercase();
            case "Strip" -> new Normalizer.Strip(n.get("strip_left").bool(true), n.get("strip_right").bool(true));
            case "StripAccents" -> new Normalizer.StripAccents();
            case "Prepend" -> new Normalizer.Prepend(n.get("prepend").text());
            case "Append" -> new Normalizer.Append(n.get("append").text());
            case "Replace" -> new Normalizer.Replace(pattern(n.get("pattern")), n.get("content").text());
            case "BertNormalizer" -> new Normalizer.Bert(n.get("clean_text").bool(true),
                    n.get("handle_chinese_chars").bool(true),
                    n.get("strip_accents").isNull() ? null : n.get("strip_accents").bool(false),
                    n.get("lowercase").bool(true));
            case "Sequence" -> {
                List<Normalizer> list = new ArrayList<>();
                for (JsonField e : n.get("normalizers").elements()) list.add(normalizer(e));
                yield new Normalizer.Sequence(list);
            }
            default -> throw n.get("type").unsupported("normalizer '" + n.type() + "'", NORMALIZERS);
        };
    }

    static PreTokenizer preTokenizer(JsonField p) throws TokenizerFormatException {
        return switch (p.type()) {
            case "ByteLevel" -> new PreTokenizer.ByteLevelSplit(p.get("add_prefix_space").bool(true),
                    p.get("use_regex").bool(true));
            case "Split" -> {
                Delimiter d = pattern(p.get("pattern"));
                yield new PreTokenizer.Split(p.get("invert").bool(false) ? d.inverted() : d, behavior(p.get("behavior")));
            }
            case "Metaspace" -> new PreTokenizer.Metaspace(replacement(p), prependScheme(p), p.get("split").bool(true));
            case "Digits" -> new PreTokenizer.Digits(p.get("individual_digits").bool(false));
            case "Whitespace" -> new PreTokenizer.Whitespace();
            case "WhitespaceSplit" -> new PreTokenizer.WhitespaceSplit();
            case "Punctuation" -> new PreTokenizer.Punctuation(
                    p.has("behavior") ? behavior(p.get("behavior")) : SplitBehavior.ISOLATED);
            case "CharDelimiterSplit" -> {
                String d = p.get("delimiter").text();
                if (d.codePointCount(0, d.length()) != 1) throw p.get("delimiter").error("expected one character");
                yield new PreTokenizer.CharDelimiterSplit(d.codePointAt(0));
            }
            case "BertPreTokenizer" -> new PreTokenizer.Bert();
            case "Sequence" -> {
                List<PreTokenizer> list = new ArrayList<>();
                for (JsonField e : p.get("pretokenizers").elements()) list.add(preTokenizer(e));
                yield new PreTokenizer.Sequence(list);
            }
            default -> throw p.get("type").unsupported("pre-tokenizer '" + p.type() + "'", PRE_TOKENIZERS);
        };
    }

    static Decoder decoder(JsonField d) throws TokenizerFormatException {
        return switch (d.type()) {
            case "ByteLevel" -> new Decoder.ByteLevelDecoder();
            case "Metaspace" -> new Decoder.Metaspace(replacement(d), prependScheme(d) != PreTokenizer.PrependScheme.NEVER);
            case "Replace" -> new Decoder.Replace(pattern(d.get("pattern")), d.get("content").text());
            case "ByteFallback" -> new Decoder.ByteFallback();
            case "Fuse" -> new Decoder.Fuse();
            case "Strip" -> {
                String content = d.get("content").text();
                if (content.codePointCount(0, content.length()) != 1) throw d.get("content").error("expected one character");
                yield new Decoder.Strip(content.codePointAt(0), d.get("start").integer(), d.get("stop").integer());
            }
            case "BPEDecoder" -> new Decoder.BpeSuffix(d.get("suffix").text("</w>"));
            case "Sequence" -> {
                List<Decoder> list = new ArrayList<>();
                for (JsonField e : d.get("decoders").elements()) list.add(decoder(e));
                yield new Decoder.Sequence(list);
            }
            default -> throw d.get("type").unsupported("decoder '" + d.type() + "'", DECODERS);
        };
    }

    static PostProcessor postProcessor(JsonField p) throws TokenizerFormatException {
        return switch (p.type()) {
            case "ByteLevel" -> new PostProcessor.ByteLevelOffsets();
            case "TemplateProcessing" -> template(p);
            case "RobertaProcessing", "BertProcessing" -> {
                int cls = tokenAndId(p.get("cls"));
                int sep = tokenAndId(p.get("sep"));
                List<int[]> pieces = new ArrayList<>();
                pieces.add(new int[] {cls});
                pieces.add(null);
                pieces.add(new int[] {sep});
                yield new PostProcessor.Template(pieces);
            }
            case "Sequence" -> {
                List<PostProcessor> list = new ArrayList<>();
                for (JsonField e : p.get("processors").elements()) list.add(postProcessor(e));
                yield new PostProcessor.Sequence(list);
            }
            default -> throw p.get("type").unsupported("post-processor '" + p.type() + "'", POST_PROCESSORS);
        };
    }

    /** The id of a {@code ["<s>", 0]} pair. */
    private static int tokenAndId(JsonField pair) throws TokenizerFormatException {
        List<JsonField> parts = pair.elements();
        if (parts.size() != 2 || !parts.get(0).node().isTextual()) throw pair.error("expected [token, id]");
        return parts.get(1).integer();
    }

    private static PostProcessor template(JsonField p) throws TokenizerFormatException {
        Map<String, int[]> specials = new HashMap<>();
        JsonField specialTokens = p.get("special_tokens");
        if (!specialTokens.isNull()) {
            for (var entry : specialTokens.node().properties()) {
                String name = entry.getKey();
                List<JsonField> ids = specialTokens.get(name).get("ids").elements();
                int[] values = new int[ids.size()];
                for (int i = 0; i < values.length; i++) values[i] = ids.get(i).integer();
                specials.put(name, values);
            }
        }
        List<int[]> pieces = new ArrayList<>();
        boolean sawSequence = false;
        for (JsonField piece : p.get("single").elements()) {
            if (piece.has("Sequence")) {
                String id = piece.get("Sequence").get("id").text();
                if (!id.equals("A")) throw piece.get("Sequence").get("id").error("a single-sequence template can only hold $A, found $" + id);
                pieces.add(null);
                sawSequence = true;
            } else if (piece.has("SpecialToken")) {
                String name = piece.get("SpecialToken").get("id").text();
                int[] ids = specials.get(name);
                if (ids == null) throw piece.get("SpecialToken").get("id").error("'" + name + "' is not in special_tokens");
                pieces.add(ids);
            } else {
                throw piece.error("expected a Sequence or SpecialToken piece");
            }
        }
        if (!sawSequence) throw p.get("single").error("the template has no $A");
        return new PostProcessor.Template(pieces);
    }

    static BpeModel model(JsonField m) throws TokenizerFormatException {
        if (!m.isObject()) throw m.error("expected the model object");
        String type = m.has("type") ? m.get("type").text() : (m.has("merges") ? "BPE" : "?");
        if (!type.equals("BPE")) {
            throw m.get("type").unsupported("model '" + type + "'", "BPE (GPT-2, GPT-NeoX, OPT, Llama, Mistral, Qwen styles)");
        }
        JsonField dropout = m.get("dropout");
        if (!dropout.isNull() && dropout.node().asDouble() != 0.0) {
            throw dropout.error("BPE dropout makes tokenization random; a scoring tokenizer must have none");
        }
        Map<String, Integer> vocab = vocab(m.get("vocab"));
        JsonField mergesField = m.get("merges");
        List<JsonField> entries = mergesField.isNull() ? List.of() : mergesField.elements();
        String prefix = m.get("continuing_subword_prefix").text("");
        MergeTable merges = new MergeTable(entries.size());
        for (int rank = 0; rank < entries.size(); rank++) {
            JsonField e = entries.get(rank);
            String left;
            String right;
            if (e.node().isTextual()) {
                String[] parts = e.text().split(" ", -1);
                if (parts.length != 2) throw e.error("expected two tokens separated by one space, found '" + e.text() + "'");
                left = parts[0];
                right = parts[1];
            } else {
                List<JsonField> pair = e.elements();
                if (pair.size() != 2) throw e.error("expected a pair of tokens");
                left = pair.get(0).text();
                right = pair.get(1).text();
            }
            addMerge(merges, vocab, left, right, prefix, rank, e);
        }
        String unk = m.get("unk_token").text(null);
        int unkId = -1;
        if (unk != null) {
            Integer id = vocab.get(unk);
            if (id == null) throw m.get("unk_token").error("'" + unk + "' is not in the vocabulary");
            unkId = id;
        }
        return new BpeModel(vocab, merges, unkId, m.get("fuse_unk").bool(false), m.get("byte_fallback").bool(false),
                m.get("ignore_merges").bool(false), prefix, m.get("end_of_word_suffix").text(""));
    }

    /** Adds one merge after checking its tokens, as the library does when it builds the model. */
    static void addMerge(MergeTable merges, Map<String, Integer> vocab, String left, String right, String prefix,
            int rank, JsonField where) throws TokenizerFormatException {
        Integer a = vocab.get(left);
        Integer b = vocab.get(right);
        if (a == null || b == null) {
            throw where.error("merge '" + left + " " + right + "': '" + (a == null ? left : right) + "' is not in the vocabulary");
        }
        String mergedText = left + (prefix.isEmpty() || !right.startsWith(prefix) ? right : right.substring(prefix.length()));
        Integer merged = vocab.get(mergedText);
        if (merged == null) throw where.error("merge '" + left + " " + right + "' makes '" + mergedText + "', which is not in the vocabulary");
        merges.put(a, b, rank, merged);
    }

    static Map<String, Integer> vocab(JsonField v) throws TokenizerFormatException {
        if (!v.isObject()) throw v.error("expected the vocabulary as an object of token to id");
        Map<String, Integer> vocab = new HashMap<>(v.node().size() * 2);
        for (var e : v.node().properties()) {
            if (!e.getValue().isIntegralNumber() || e.getValue().intValue() < 0) {
                throw v.get(e.getKey()).error("expected a non-negative integer id");
            }
            vocab.put(e.getKey(), e.getValue().intValue());
        }
        return vocab;
    }

    private static Delimiter pattern(JsonField p) throws TokenizerFormatException {
        if (p.has("String")) return new Delimiter.Literal(p.get("String").text());
        if (p.has("Regex")) {
            String regex = p.get("Regex").text();
            try {
                return new Delimiter.Regex(OnigurumaPattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw p.get("Regex").error("cannot compile the regular expression: " + e.getDescription());
            }
        }
        throw p.error("expected {\"String\": ...} or {\"Regex\": ...}");
    }

    private static SplitBehavior behavior(JsonField b) throws TokenizerFormatException {
        try {
            return SplitBehavior.parse(b.text());
        } catch (IllegalArgumentException e) {
            throw b.error(e.getMessage());
        }
    }

    private static String replacement(JsonField p) throws TokenizerFormatException {
        String r = p.get("replacement").text("\u2581");
        if (r.codePointCount(0, r.length()) != 1) throw p.get("replacement").error("expected one character");
        return r;
    }

    /** {@code prepend_scheme} where present; older files have {@code add_prefix_space} (true = always). */
    private static PreTokenizer.PrependScheme prependScheme(JsonField p) throws TokenizerFormatException {
        if (p.has("prepend_scheme")) {
            return switch (p.get("prepend_scheme").text()) {
                case "always" -> PreTokenizer.PrependScheme.ALWAYS;
                case "first" -> PreTokenizer.PrependScheme.FIRST;
                case "never" -> PreTokenizer.PrependScheme.NEVER;
                default -> throw p.get("prepend_scheme").error("expected always, first or never");
            };
        }
        return p.get("add_prefix_space").bool(true) ? PreTokenizer.PrependScheme.ALWAYS : PreTokenizer.PrependScheme.NEVER;
    }
}
