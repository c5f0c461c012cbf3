package dev.rackscope.api.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A room; JSON {@code {id, name, description, layout, aisles, standalone_racks}}. */
public record Room(String id, String name, String description, RoomLayout layout, List<Aisle> aisles,
                   @JsonProperty("standalone_racks") List<Rack> standaloneRacks) {

    public Room {
        aisles = List.copyOf(aisles);
        standaloneRacks = List.copyOf(standaloneRacks);
    }
}
