package dev.rackscope.api.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A rack template of the catalog (core.md §2.5). */
public record RackTemplate(String id, String name, @JsonProperty("u_height") int uHeight,
                           Infrastructure infrastructure, List<String> checks) {

    /** Rack infrastructure; every list defaults to empty. */
    public record Infrastructure(List<InfrastructureComponent> components,
                                 @JsonProperty("front_components") List<InfrastructureComponent> frontComponents,
                                 @JsonProperty("rear_components") List<InfrastructureComponent> rearComponents,
                                 @JsonProperty("side_components") List<InfrastructureComponent> sideComponents,
                                 @JsonProperty("rack_components") List<RackComponentRef> rackComponents) {
    }

    public record InfrastructureComponent(String id, String name, String type, String model, String role,
                                          String location, @JsonProperty("u_position") Integer uPosition,
                                          @JsonProperty("u_height") Integer uHeight) {
    }

    public record RackComponentRef(@JsonProperty("template_id") String templateId,
                                   @JsonProperty("u_position") int uPosition,
                                   @JsonProperty("u_height") Integer uHeight, String side) {
    }
}
