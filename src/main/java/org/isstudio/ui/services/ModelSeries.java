package org.isstudio.ui.services;

import java.util.List;

/**
 * A family of models scored together, such as the shipped demo series or GPT-2.
 *
 * @param available whether every member can be scored now (shipped, downloaded, or a reachable server)
 * @param note      what stands in the way otherwise ("needs a download of 3.2 GB", "too big for 8 GB of RAM")
 */
public record ModelSeries(String name, String description, List<ModelInfo> members, boolean available, String note) {
    public ModelSeries {
        members = List.copyOf(members);
    }
}
