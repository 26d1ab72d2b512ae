package org.isstudio.engine.tokenizer;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A post-processor of {@code tokenizer.json}, for a single sequence: adds the special tokens around the
 * model's ids when special tokens are asked for. (ByteLevel only trims offsets, which ids do not carry.)
 */
sealed interface PostProcessor {

    /** The ids with this processor's special tokens around them. */
    int[] addSpecialTokens(int[] ids);

    /** The special ids this processor puts in front of the text (the BOS, if any, is the first). */
    int[] leadingIds();

    /** Changes no id. */
    record ByteLevelOffsets() implements PostProcessor {
        @Override
        public int[] addSpecialTokens(int[] ids) {
            return ids;
        }

        @Override
        public int[] leadingIds() {
            return new int[0];
        }
    }

    /**
     * A template for a single sequence: {@code $A} and special tokens (each possibly several ids) in order,
     * as TemplateProcessing's {@code single}; RobertaProcessing and BertProcessing are the template
     * {@code cls $A sep}.
     *
     * @param pieces each either null (the sequence) or the ids of one special token
     */
    record Template(List<int[]> pieces) implements PostProcessor {
        @Override
        public int[] addSpecialTokens(int[] ids) {
            IntStream.Builder out = IntStream.builder();
            for (int[] piece : pieces) for (int id : piece == null ? ids : piece) out.add(id);
            return out.build().toArray();
        }

        @Override
        public int[] leadingIds() {
            IntStream.Builder out = IntStream.builder();
            for (int[] piece : pieces) {
                if (piece == null) break;
                for (int id : piece) out.add(id);
            }
            return out.build().toArray();
        }
    }

    /** Each processor in turn (so the last one's tokens are outermost). */
    record Sequence(List<PostProcessor> processors) implements PostProcessor {
        @Override
        public int[] addSpecialTokens(int[] ids) {
            for (PostProcessor p : processors) ids = p.addSpecialTokens(ids);
            return ids;
        }

        @Override
        public int[] leadingIds() {
            IntStream.Builder out = IntStream.builder();
            for (PostProcessor p : processors.reversed()) for (int id : p.leadingIds()) out.add(id);
            return out.build().toArray();
        }
    }
}
