package org.isstudio.engine;

import java.util.concurrent.CancellationException;

/** A cooperative cancel signal, polled between batches; never a thread interrupt, which would close mapped files. */
public interface Cancellation {

    Cancellation NONE = () -> false;

    boolean isCancelled();

    default void check() {
        if (isCancelled()) throw new CancellationException("cancelled");
    }
}
