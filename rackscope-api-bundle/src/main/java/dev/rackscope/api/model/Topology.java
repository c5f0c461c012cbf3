package dev.rackscope.api.model;

import java.util.List;

/** The whole physical description: sites, fully nested. */
public record Topology(List<Site> sites) {

    public Topology {
        sites = List.copyOf(sites);
    }

    public static final Topology EMPTY = new Topology(List.of());
}
