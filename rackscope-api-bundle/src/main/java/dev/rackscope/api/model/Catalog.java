package dev.rackscope.api.model;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The template catalog, in load order, duplicates included (a lookup returns the first). */
public record Catalog(@JsonProperty("device_templates") List<DeviceTemplate> deviceTemplates,
                      @JsonProperty("rack_templates") List<RackTemplate> rackTemplates,
                      @JsonProperty("rack_component_templates") List<RackComponentTemplate> rackComponentTemplates) {

    public static final Catalog EMPTY = new Catalog(List.of(), List.of(), List.of());

    public Catalog {
        deviceTemplates = List.copyOf(deviceTemplates);
        rackTemplates = List.copyOf(rackTemplates);
        rackComponentTemplates = List.copyOf(rackComponentTemplates);
    }

    public Optional<DeviceTemplate> deviceTemplate(String id) {
        return deviceTemplates.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<RackTemplate> rackTemplate(String id) {
        return rackTemplates.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<RackComponentTemplate> rackComponentTemplate(String id) {
        return rackComponentTemplates.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
