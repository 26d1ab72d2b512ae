package org.isstudio.engine;

/** Progress of a long computation in the unit the caller understands (tokens, examples, bytes). */
@FunctionalInterface
public interface Progress {

    Progress NONE = (done, total) -> { };

    void update(long done, long total);
}
