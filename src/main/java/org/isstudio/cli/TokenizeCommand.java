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

/** {@code isstudio tokenize FOLDER (TEXT | --file PATH) [--no-special] [--json]}: ids and tokens of a text. */
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
                usage: isstudio tokenize FOLDER (TEXT | --file PATH) [--no-special] [--json]
                  FOLDER        a model or tokenizer folder (tokenizer.json, or vocab.json + merges.txt,
                                with tokenizer_config.json / special_tokens_map.json when present)
                  TEXT          the text to tokenize (use --file for text with newlines)
                  --file PATH   read the text from a UTF-8 file, exactly as stored
                  --no-special  leave out the special tokens the tokenizer adds (e.g. a BOS)
                  --json        print {"ids", "tokens", "bos", "decoded"} as JSON""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path folder = null;
        String text = null;
        boolean special = true;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--no-special" -> special = false;
                case "--json" -> json = true;
                case "--file" -> {
                    if (i + 1 >= args.size()) throw new UsageException("--file needs a path");
                    if (text != null) throw new UsageException("give either TEXT or --file, not both");
                    text = Files.readString(Path.of(args.get(++i)), StandardCharsets.UTF_8);
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
        if (text == null) throw new UsageException("TEXT (or --file PATH) is missing");

        HfTokenizer tokenizer = Tokenizers.load(folder);
        int[] ids = tokenizer.encode(text, special);
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
            root.put("decoded", tokenizer.decode(ids, true));
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
        return Cli.OK;
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
