package org.isstudio.eval;

import org.isstudio.engine.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test tokenizer with GPT-2's pre-tokenisation (a word keeps its leading space, so "wasn" + "'t" merge across a
 * prompt/class boundary like real BPE does) and one id per distinct piece, assigned on first sight. With a BOS it
 * behaves like OPT's tokenizer: id 2 first in every encoding.
 */
final class WordTokenizer implements Tokenizer {

    private static final Pattern PIECES =
            Pattern.compile("'s|'t| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
    private static final int BOS = 2;

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> pieces = new ArrayList<>(List.of("<pad>", "<unk>", "</s>"));
    private final BosPolicy bos;

    WordTokenizer(boolean addsBos) {
        this.bos = addsBos ? new BosPolicy(true, BOS, "</s>") : BosPolicy.NONE;
    }

    @Override
    public int[] encode(String text) {
        return encode(text, true);
    }

    @Override
    public synchronized int[] encode(String text, boolean addSpecialTokens) {
        List<Integer> out = new ArrayList<>();
        if (addSpecialTokens && bos.addsBos()) out.add(BOS);
        Matcher m = PIECES.matcher(text);
        while (m.find()) {
            out.add(ids.computeIfAbsent(m.group(), p -> {
                pieces.add(p);
                return pieces.size() - 1;
            }));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public synchronized String decode(int[] tokens, boolean skipSpecialTokens) {
        StringBuilder b = new StringBuilder();
        for (int t : tokens) if (!(skipSpecialTokens && t == BOS)) b.append(pieces.get(t));
        return b.toString();
    }

    @Override
    public synchronized String token(int id) {
        return pieces.get(id).replace(' ', 'Ġ');
    }

    @Override
    public int vocabSize() {
        return 50_000;
    }

    @Override
    public BosPolicy bosPolicy() {
        return bos;
    }
}
