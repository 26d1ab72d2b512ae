package org.isstudio.remote.catalog;

/**
 * One model a user asked for, resolved: its name on plots, the series it belongs to, its parameter counts and
 * where it comes from.
 *
 * @param series          the catalog series name, {@code demo}, or "" for a model outside any series
 * @param parameters      the x position on the scaling plot (the contest's nominal sizes for its models, the
 *                        exact total otherwise); -1 while unknown (a Hub model not downloaded, a server)
 * @param totalParameters every parameter; -1 while unknown
 */
public record ModelChoice(String name, String series, long parameters, long totalParameters, ModelSource source) {

    public ModelChoice withSource(ModelSource s) {
        return new ModelChoice(name, series, parameters, totalParameters, s);
    }

    public ModelChoice withParameters(long x, long total) {
        return new ModelChoice(name, series, x, total, source);
    }
}
