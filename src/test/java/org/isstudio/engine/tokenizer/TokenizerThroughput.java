package org.isstudio.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.isstudio.testing.Golden;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoding throughput of this tokenizer against the Hugging Face library (through DJL) in the same run, on
 * the same seeded texts: prints one JSON line per flavour. Run from the project folder after
 * {@code mvn test-compile}, with the test class path, e.g.
 * {@code java -cp target/classes:target/test-classes:<deps> org.isstudio.engine.tokenizer.TokenizerThroughput}.
 */
public final class TokenizerThroughput {

    private TokenizerThroughput() {
    }

    private static List<String> texts(int seed) {
        List<String> texts = new ArrayList<>();
        RandomTexts random = new RandomTexts(seed);
        for (int i = 0; i < 2000; i++) texts.add(random.next(60));
        return texts;
    }

    public static void main(String[] args) throws Exception {
        for (String flavour : List.of("gpt2", "llama2", "llama3")) {
            HfTokenizer java = Tokenizers.load(Golden.tokenizerDir(flavour));
            try (HuggingFaceTokenizer rust = HuggingFaceTokenizer.builder().optTokenizerPath(Golden.tokenizerDir(flavour))
                    .optTruncation(false).optPadding(false).build()) {
                // a warm-up pass, then the best of three; each pass on new texts, so that only words (as in
                // real use), not whole texts, are found in the word caches of both
                double bestJava = 0;
                double bestRust = 0;
                for (int round = 0; round < 4; round++) {
                    List<String> texts = texts(round);
                    long tokens = 0;
                    long t0 = System.nanoTime();
                    for (String t : texts) tokens += java.encode(t).length;
                    long t1 = System.nanoTime();
                    for (String t : texts) rust.encode(t, true, false).getIds();
                    long t2 = System.nanoTime();
                    if (round == 0) continue;
                    bestJava = Math.max(bestJava, tokens / ((t1 - t0) / 1e9));
                    bestRust = Math.max(bestRust, tokens / ((t2 - t1) / 1e9));
                }
                System.out.printf("{\"flavour\": \"%s\", \"java_tokens_per_s\": %.0f, \"hf_tokenizers_tokens_per_s\": %.0f, \"ratio\": %.2f}%n",
                        flavour, bestJava, bestRust, bestJava / bestRust);
            }
        }
    }
}
