package org.isstudio.engine;

import org.isstudio.engine.arch.KvNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token sequences of a batch of {@link ScoreRequest}s merged into a trie, then cut into runs: maximal
 * chains without branches, at most {@code maxRun} tokens long. The classes of one example branch off its
 * prompt, the examples of a few-shot task branch off the shared shots, so every shared prefix is one run.
 */
final class PrefixTree {

    /** One token at one position of one prefix. */
    static final class Token {
        final int id;
        final int position;
        final Token parent;
        private Token first;
        private Map<Integer, Token> more;
        /** Whether some request asks for this token's log-probability. */
        boolean scored;
        float logprob = Float.NaN;

        Token(int id, int position, Token parent) {
            this.id = id;
            this.position = position;
            this.parent = parent;
        }

        Token child(int token) {
            if (first != null && first.id == token) return first;
            return more == null ? null : more.get(token);
        }

        Token addChild(int token) {
            Token c = child(token);
            if (c != null) return c;
            c = new Token(token, position + 1, this);
            if (first == null) {
                first = c;
            } else {
                if (more == null) more = new LinkedHashMap<>();
                more.put(token, c);
            }
            return c;
        }

        List<Token> children() {
            if (first == null) return List.of();
            List<Token> out = new ArrayList<>(1 + (more == null ? 0 : more.size()));
            out.add(first);
            if (more != null) out.addAll(more.values());
            return out;
        }

        int childCount() {
            return first == null ? 0 : 1 + (more == null ? 0 : more.size());
        }

        /** Whether the logits at this position are needed: some next token is scored. */
        boolean needsLogits() {
            if (first == null) return false;
            if (first.scored) return true;
            if (more != null) for (Token c : more.values()) if (c.scored) return true;
            return false;
        }
    }

    /** A chain of tokens computed together; its children continue from its last token. */
    static final class Run {
        final Run parent;
        final Token[] tokens;
        final List<Run> children = new ArrayList<>();
        /** The run's cache while its subtree is being computed. */
        KvNode cache;

        Run(Run parent, Token[] tokens) {
            this.parent = parent;
            this.tokens = tokens;
        }

        int[] ids() {
            int[] ids = new int[tokens.length];
            for (int i = 0; i < ids.length; i++) ids[i] = tokens[i].id;
            return ids;
        }

        Token last() {
            return tokens[tokens.length - 1];
        }
    }

    private final Token root = new Token(-1, -1, null);
    private final List<Token> leaves = new ArrayList<>();
    private final List<Run> roots = new ArrayList<>();
    private int tokenCount;

    PrefixTree(List<ScoreRequest> requests, int maxRun) {
        for (ScoreRequest r : requests) {
            Token t = root;
            int[] ids = r.tokens();
            for (int i = 0; i < ids.length; i++) {
                Token c = t.child(ids[i]);
                if (c == null) {
                    c = t.addChild(ids[i]);
                    tokenCount++;
                }
                if (i >= r.from()) c.scored = true;
                t = c;
            }
            leaves.add(t);
        }
        for (Token start : root.children()) cut(null, start, maxRun);
    }

    private void cut(Run parent, Token start, int maxRun) {
        List<Token> chain = new ArrayList<>();
        Token t = start;
        chain.add(t);
        while (t.childCount() == 1 && chain.size() < maxRun) {
            t = t.first;
            chain.add(t);
        }
        Run run = new Run(parent, chain.toArray(Token[]::new));
        (parent == null ? roots : parent.children).add(run);
        for (Token c : t.children()) cut(run, c, maxRun);
    }

    List<Run> roots() {
        return roots;
    }

    /** Distinct tokens: the rows a full computation runs. */
    int tokenCount() {
        return tokenCount;
    }

    /** Request {@code k}'s log-probabilities, positions {@code [from, length)}. */
    float[] result(int k, ScoreRequest request) {
        float[] out = new float[request.scoredCount()];
        Token t = leaves.get(k);
        for (int i = out.length - 1; i >= 0; i--, t = t.parent) out[i] = t.logprob;
        return out;
    }
}
