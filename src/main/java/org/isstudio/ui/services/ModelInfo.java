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

    /**
     * The name without its family's prefix ({@code demo-d16-L2} → {@code d16-L2}, {@code pythia-70m} →
     * {@code 70m}) for narrow places: table headers and the chart's ticks, beside which the family is shown.
     */
    public String shortName() {
        String prefix = family + "-";
        return name.length() > prefix.length() && name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
