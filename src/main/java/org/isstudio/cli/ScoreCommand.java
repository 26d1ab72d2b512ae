package org.isstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isstudio.engine.CausalLm;
import org.isstudio.engine.Cancellation;
import org.isstudio.engine.Progress;
import org.isstudio.engine.ScoreRequest;
import org.isstudio.engine.tokenizer.HfTokenizer;
import org.isstudio.engine.tokenizer.Tokenizers;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code isstudio score --model DIR (TEXT... | --context C --continuation X...) [--json]}: per-token
 * log-probabilities from the local engine, each token given everything before it.
 */
public final class ScoreCommand implements Command {

    @Override
    public String name() {
        return "score";
    }

    @Override
    public String summary() {
        return "score texts with a local model: the log-prob of every token given the tokens before it";
    }

    @Override
    public String usage() {
        return """
                usage: isstudio score [--model] DIR (TEXT... | --text TEXT... | --context TEXT --continuation TEXT...) [--json]
                  DIR               a Hugging Face model folder (config.json, tokenizer.json, weights)
                  TEXT, --text      texts to score whole; the first token has no context (null log-prob)
                  --context         a prompt; with --continuation, each continuation is scored given it
                                    (tokenized apart: tok(context) with the BOS the model adds, then
                                    tok(continuation) without special tokens), and its summed log-prob printed
                  --continuation    a continuation of --context (repeat for several classes)
                  --json            print {"model", "sequences": [{"ids", "tokens", "logprobs", ...}]}
                Natural-log probabilities over the model's whole vocabulary; all sequences are scored together,
                sharing the computation of common prefixes.""";
    }

    private record Sequence(String text, int[] ids, int continuationFrom) {
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path model = null;
        List<String> texts = new ArrayList<>(), continuations = new ArrayList<>();
        String context = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--model" -> model = Path.of(ValidateCommand.value(args, ++i, a));
                case "--text" -> texts.add(ValidateCommand.value(args, ++i, a));
                case "--context" -> {
                    if (context != null) throw new UsageException("give --context once");
                    context = ValidateCommand.value(args, ++i, a);
                }
                case "--continuation" -> continuations.add(ValidateCommand.value(args, ++i, a));
                default -> {
                    if (a.startsWith("--")) throw new UsageException("unknown option " + a);
                    if (model == null) model = Path.of(a);
                    else texts.add(a);
                }
            }
        }
        if (model == null) throw new UsageException("the model folder is missing");
        if ((context == null) != continuations.isEmpty()) throw new UsageException("--context and --continuation go together");
        if (texts.isEmpty() && context == null) throw new UsageException("nothing to score: give TEXT or --context/--continuation");

        HfTokenizer tokenizer = Tokenizers.load(model);
        List<Sequence> sequences = new ArrayList<>();
        for (String t : texts) sequences.add(new Sequence(t, tokenizer.encode(t), -1));
        if (context != null) {
            int[] prompt = tokenizer.encode(context);
            if (prompt.length == 0) {
                throw new UsageException("the context has no tokens and this tokenizer adds no BOS, so the first "
                        + "continuation token would have nothing to be scored after");
            }
            for (String c : continuations) {
                int[] cont = tokenizer.encode(c, false);
                if (cont.length == 0) throw new UsageException("continuation '" + c + "' has no tokens");
                int[] ids = Arrays.copyOf(prompt, prompt.length + cont.length);
                System.arraycopy(cont, 0, ids, prompt.length, cont.length);
                sequences.add(new Sequence(context + c, ids, prompt.length));
            }
        }

        try (CausalLm lm = CausalLm.open(model)) {
            if (!lm.unusedTensors().isEmpty()) {
                err.println("isstudio score: warning: the checkpoint has weights this " + lm.modelType()
                        + " model does not use: " + lm.unusedTensors());
            }
            List<ScoreRequest> requests = new ArrayList<>();
            for (Sequence s : sequences) {
                // single-token texts have nothing to score; keep them in the output with no log-probs
                if (s.ids().length >= 2) requests.add(new ScoreRequest(s.ids(), 1));
            }
            List<float[]> scores = lm.score(requests, Cancellation.NONE, Progress.NONE);
            List<float[]> perSequence = new ArrayList<>();
            int k = 0;
            for (Sequence s : sequences) perSequence.add(s.ids().length >= 2 ? scores.get(k++) : new float[0]);
            if (json) printJson(out, model, lm, tokenizer, sequences, perSequence);
            else printTable(out, model, lm, tokenizer, sequences, perSequence);
        }
        return Cli.OK;
    }

    private static double sum(float[] logprobs, int from) {
        double s = 0;
        for (int j = Math.max(0, from - 1); j < logprobs.length; j++) s += logprobs[j];
        return s;
    }

    private static void printJson(PrintStream out, Path model, CausalLm lm, HfTokenizer tokenizer,
                                  List<Sequence> sequences, List<float[]> scores) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", model.toString());
        root.put("model_type", lm.modelType());
        root.put("vocab_size", lm.vocabSize());
        root.put("bos", tokenizer.bosPolicy().addsBos() ? tokenizer.bosPolicy().bosToken() : null);
        ArrayNode list = root.putArray("sequences");
        for (int i = 0; i < sequences.size(); i++) {
            Sequence s = sequences.get(i);
            float[] lp = scores.get(i);
            ObjectNode o = list.addObject();
            o.put("text", s.text());
            ArrayNode ids = o.putArray("ids"), tokens = o.putArray("tokens"), logprobs = o.putArray("logprobs");
            for (int j = 0; j < s.ids().length; j++) {
                ids.add(s.ids()[j]);
                tokens.add(tokenizer.token(s.ids()[j]));
                if (j == 0) logprobs.addNull();
                else logprobs.add(lp[j - 1]);
            }
            o.put("sum_logprob", sum(lp, 1));
            if (s.continuationFrom() >= 0) {
                o.put("continuation_start", s.continuationFrom());
                o.put("continuation_logprob", sum(lp, s.continuationFrom()));
            }
        }
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static void printTable(PrintStream out, Path model, CausalLm lm, HfTokenizer tokenizer,
                                   List<Sequence> sequences, List<float[]> scores) {
        out.println(model.getFileName() + ": " + lm.modelType() + ", softmax over " + lm.vocabSize() + " tokens, "
                + lm.kernelsName() + " kernels; natural-log probabilities");
        for (int i = 0; i < sequences.size(); i++) {
            Sequence s = sequences.get(i);
            float[] lp = scores.get(i);
            out.println();
            out.println(TokenizeCommand.visible(s.text()) + ": " + s.ids().length + " tokens");
            for (int j = 0; j < s.ids().length; j++) {
                String mark = s.continuationFrom() >= 0 && j >= s.continuationFrom() ? "  *" : "";
                out.printf("  %4d %7d  %-20s %12s%s%n", j, s.ids()[j], TokenizeCommand.visible(tokenizer.token(s.ids()[j])),
                        j == 0 ? "-" : String.format("%.4f", lp[j - 1]), mark);
            }
            out.printf("  sum of %d log-probs: %.4f%n", Math.max(0, s.ids().length - 1), sum(lp, 1));
            if (s.continuationFrom() >= 0) {
                out.printf("  continuation (*, %d tokens): %.4f%n", s.ids().length - s.continuationFrom(), sum(lp, s.continuationFrom()));
            }
        }
    }
}
