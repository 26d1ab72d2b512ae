package org.isstudio.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoder of {@code tokenizer.json}: turns the token strings of some ids back into text. As in the library,
 * each decoder maps a list of strings to a list of strings, and the final list is concatenated.
 */
sealed interface Decoder {

    List<String> decodeChain(List<String> tokens);

    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }

    /**
     * Maps {@link ByteLevel} characters back to bytes and reads them as UTF-8 (invalid sequences become
     * U+FFFD). A token with a character outside the table (an added token such as {@code <|endoftext|>}
     * written plainly) contributes its own UTF-8 bytes.
     */
    record ByteLevelDecoder() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String t : tokens) {
                byte[] mapped = new byte[t.length()];
                boolean all = true;
                for (int i = 0; i < t.length() && all; i++) {
                    int b = ByteLevel.byteOf(t.charAt(i));
                    if (b < 0) all = false;
                    else mapped[i] = (byte) b;
                }
                bytes.writeBytes(all ? mapped : t.getBytes(StandardCharsets.UTF_8));
            }
            return List.of(ByteLevel.utf8Lossy(bytes.toByteArray(), bytes.size()));
        }
    }

    /**
     * SentencePiece's: {@code replacement} back to spaces, except that the first token loses its
     * replacement characters when the pre-tokenizer prepends one (the library drops them, not just the first).
     */
    record Metaspace(String replacement, boolean prepends) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                out.add(tokens.get(i).replace(replacement, i == 0 && prepends ? "" : " "));
            }
            return out;
        }
    }

    /** Replaces a literal or regular-expression pattern in each token. */
    record Replace(Delimiter pattern, String content) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return tokens.stream().map(t -> pattern.replaceAll(t, content)).toList();
        }
    }

    /**
     * Runs of {@code <0xNN>} tokens become the text their bytes spell in UTF-8; a run that is not valid UTF-8
     * becomes one U+FFFD per byte, as in the library.
     */
    record ByteFallback() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            for (String t : tokens) {
                int b = byteToken(t);
                if (b >= 0) {
                    run.write(b);
                    continue;
                }
                flush(run, out);
                out.add(t);
            }
            flush(run, out);
            return out;
        }

        private static void flush(ByteArrayOutputStream run, List<String> out) {
            if (run.size() == 0) return;
            byte[] bytes = run.toByteArray();
            if (ByteLevel.isValidUtf8(bytes, bytes.length)) out.add(new String(bytes, StandardCharsets.UTF_8));
            else for (int i = 0; i < bytes.length; i++) out.add("\uFFFD");
            run.reset();
        }

        /** The byte of a {@code <0xNN>} token (either case of hex digit), or -1. */
        static int byteToken(String t) {
            if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') return -1;
            int hi = Character.digit(t.charAt(3), 16);
            int lo = Character.digit(t.charAt(4), 16);
            return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
        }
    }

    /** Joins all tokens into one. */
    record Fuse() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters of each token. */
    record Strip(int content, int start, int stop) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int[] cps = t.codePoints().toArray();
                int from = 0;
                while (from < Math.min(start, cps.length) && cps[from] == content) from++;
                int to = cps.length;
                while (cps.length - to < stop && to > from && cps[to - 1] == content) to--;
                out.add(new String(cps, from, to - from));
            }
            return out;
        }
    }

    /** BPE with an end-of-word suffix: the suffix becomes a space, except at the very end. */
    record BpeSuffix(String suffix) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
            }
            return out;
        }
    }

    record Sequence(List<Decoder> decoders) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            for (Decoder d : decoders) tokens = d.decodeChain(tokens);
            return tokens;
        }
    }
}
