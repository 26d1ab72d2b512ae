package org.isstudio.remote.sizing;

/**
 * What a model will cost on this machine before it is loaded.
 *
 * @param weightBytes       the weights as stored (the engine maps them and computes in their dtype)
 * @param memoryBytes       weights plus the KV cache, activations and logits of a 2048-token request and the
 *                          application itself
 * @param downloadBytes     what is still to be downloaded (0 when cached or local)
 * @param secondsPer1kTokens rough time to score a thousand prompt tokens
 */
public record SizeEstimate(long weightBytes, long memoryBytes, long downloadBytes, double secondsPer1kTokens,
                           Fit fit, String reason) {

    public enum Fit {
        /** Fits in the memory available now. */
        LOCAL,
        /** Fits in the installed memory, not in what is free now: close other programs. */
        TIGHT,
        /** Larger than this machine's memory: score it on a server. */
        SERVER,
        /** Fits in memory, but the download does not fit on the disk. */
        NO_DISK
    }

    public boolean runsLocally() {
        return fit == Fit.LOCAL || fit == Fit.TIGHT;
    }
}
