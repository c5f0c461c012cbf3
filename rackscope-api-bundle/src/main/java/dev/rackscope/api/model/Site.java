package dev.rackscope.api.model;

import java.util.List;

/** A site (campus, data centre). JSON {@code {id, name, description, location, rooms}}. */
public record Site(String id, String name, String description, Location location, List<Room> rooms) {

    public Site {
        rooms = List.copyOf(rooms);
    }

    /** Geographic position; JSON {@code {lat, lon, address}}. */
    public record Location(double lat, double lon, String address) {
    }
}
