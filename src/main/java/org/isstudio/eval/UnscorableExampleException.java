package org.isstudio.eval;

/** An example the contest's code cannot score (it would crash on it); the message says why, in the author's terms. */
public final class UnscorableExampleException extends IllegalArgumentException {
    public UnscorableExampleException(String message) {
        super(message);
    }
}
