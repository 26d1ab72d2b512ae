package org.isstudio.ui.services;

/**
 * A model the author can score on.
 *
 * @param id         how the command line names it (a folder, a Hub id, a catalog name, {@code name@server})
 * @param name       short display name (the chart's tick label)
 * @param family     the series it belongs to (one chart series per family)
 * @param parameters the x-axis value: the contest's nominal parameter count
 */
public record ModelInfo(String id, String name, String family, long parameters) {
}
