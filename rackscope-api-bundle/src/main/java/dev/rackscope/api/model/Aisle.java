package dev.rackscope.api.model;

import java.util.List;

/** A row of racks; JSON {@code {id, name, racks}}. */
public record Aisle(String id, String name, List<Rack> racks) {

    public Aisle {
        racks = List.copyOf(racks);
    }
}
