package dev.rackscope.api.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A rack component template (PDU, HMC, PMC…), core.md §2.5. */
public record RackComponentTemplate(String id, String name, String type, String model, String role,
                                    String location, String side, @JsonProperty("u_height") int uHeight,
                                    @JsonProperty("u_position") Integer uPosition, List<String> checks,
                                    List<String> metrics) {
}
