package dev.rackscope.api.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A rack; JSON {@code {id, name, template_id, u_height, aisle_id, devices}}. */
public record Rack(String id, String name, @JsonProperty("template_id") String templateId,
                   @JsonProperty("u_height") int uHeight, @JsonProperty("aisle_id") String aisleId,
                   List<Device> devices) {

    public Rack {
        devices = List.copyOf(devices);
    }
}
