package dev.rackscope.api.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A device (server, chassis, switch, PDU…) in a rack. JSON
 * {@code {id, name, template_id, u_position, instance, nodes, labels}}.
 *
 * @param instance the Prometheus node names as written: a {@code String} (possibly a
 *                 {@code name[001-016]} pattern), a {@code List<String>}, or a slot map
 *                 {@code Map<String, String>} with numeric string keys in file order; empty map when absent
 * @param nodes    the deprecated {@code nodes} field as written, or {@code null}
 * @param labels   extra Prometheus labels, or {@code null}
 */
public record Device(String id, String name, @JsonProperty("template_id") String templateId,
                     @JsonProperty("u_position") int uPosition, Object instance, Object nodes,
                     Map<String, String> labels) {
}
