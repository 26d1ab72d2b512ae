package org.isstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.engine.tokenizer.HfTokenizer;
import org.isstudio.engine.tokenizer.Tokenizer.BosPolicy;
import org.isstudio.engine.tokenizer.Tokenizers;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code isstudio tokenize FOLDER (TEXT | --file PATH | --ids IDS) [--no-special] [--json]}: the ids and tokens
 * of a text, or the tokens and text of ids, with the tokenizer's BOS policy.
 */
public final class TokenizeCommand implements Command {

    @Override
    public String name() {
        return "tokenize";
    }

    @Override
    public String summary() {
        return "show the token ids and tokens of a text under a model's tokenizer, and its BOS policy";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio tokenize FOLDER (TEXT | --file PATH | --ids IDS) [--no-special] [--json]
                  FOLDER        a model or tokenizer folder (tokenizer.json, or vocab.json + merges.txt,
                                with tokenizer_config.json / special_tokens_map.json when present)
                  TEXT          the text to tokenize (use --file for text with newlines)
                  --file PATH   read the text from a UTF-8 file, exactly as stored
                  --ids IDS     show the tokens and the decoded text of comma-separated ids instead
                  --no-special  leave out the special tokens the tokenizer adds (e.g. a BOS); with --ids,
                                decode without the special tokens
                  --json        print {"ids", "tokens", "bos", "decoded"} as JSON""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path folder = null;
        String text = null;
        String idList = null;
        boolean special = true;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--no-special" -> special = false;
                case "--json" -> json = true;
                case "--file" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--file needs a path");
                    if (text != null) throw new UsageException("give one of TEXT, --file or --ids");
                    text = Files.readString(Path.of(args.get(++i)), StandardCharsets.UTF_8);
                }
                case "--ids" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--ids needs comma-separated ids");
                    idList = args.get(++i);
                }
                default -> {
                    if (a.startsWith("--")) throw new UsageException("unknown option " + a);
                    if (folder == null) folder = Path.of(a);
                    else if (text == null) text = a;
                    else throw new UsageException("unexpected argument '" + a + "'");
                }
            }
        }
        if (folder == null) throw new UsageException("FOLDER is missing");
        if (text == null && idList == null) throw new UsageException("TEXT (or --file PATH, or --ids IDS) is missing");
        if (text != null && idList != null) throw new UsageException("give one of TEXT, --file or --ids");

        HfTokenizer tokenizer = Tokenizers.load(folder);
        int[] ids = idList != null ? parseIds(idList, tokenizer.vocabSize()) : tokenizer.encode(text, special);
        // decoding a text's own ids drops the special tokens the encoder added; given ids are decoded as asked
        String decoded = tokenizer.decode(ids, idList == null || !special);
        BosPolicy bos = tokenizer.bosPolicy();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            ArrayNode idArray = root.putArray("ids");
            ArrayNode tokenArray = root.putArray("tokens");
            for (int id : ids) {
                idArray.add(id);
                tokenArray.add(tokenizer.token(id));
            }
            ObjectNode b = root.putObject("bos");
            b.put("adds_bos", bos.addsBos());
            if (bos.addsBos()) {
                b.put("id", bos.bosId());
                b.put("token", bos.bosToken());
            }
            b.put("start_token_correction", bos.startTokenCorrection());
            b.put("reason", tokenizer.bosPolicyReason());
            root.put("decoded", decoded);
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            return Cli.OK;
        }
        out.println("BOS: " + (bos.addsBos() ? "adds " + bos.bosToken() + " (id " + bos.bosId() + ")" : "none")
                + "; start-token correction " + bos.startTokenCorrection());
        out.println("     " + tokenizer.bosPolicyReason());
        out.println(ids.length + " tokens");
        int width = String.valueOf(ids.length).length();
        for (int i = 0; i < ids.length; i++) {
            out.printf("%" + width + "d  %7d  %s%s%n", i, ids[i], visible(tokenizer.token(ids[i])),
                    tokenizer.isSpecial(ids[i]) ? "  (special)" : "");
        }
        if (idList != null) out.println("decoded: " + visible(decoded));
        return Cli.OK;
    }

    private static int[] parseIds(String list, int vocabSize) throws UsageException {
        String[] parts = list.split(",", -1);
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--ids: '" + parts[i] + "' (item " + (i + 1) + ") is not an integer");
            }
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new UsageException("--ids: " + ids[i] + " (item " + (i + 1) + ") is outside the vocabulary (0.."
                        + (vocabSize - 1) + ")");
            }
        }
        return ids;
    }

    /** A token with control characters escaped, so whitespace tokens are visible on one line. */
    static String visible(String token) {
        StringBuilder s = new StringBuilder(token.length() + 2);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) s.append(String.format("\\x%02x", (int) c));
                    else s.append(c);
                }
            }
        }
        return "'" + s + "'";
    }
}
