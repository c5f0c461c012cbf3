package dev.rackscope.core.telemetry;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.http.ValidationException;
import jakarta.servlet.Servlet;

/**
 * {@code /api/maintenances} (telemetry spec §4.11): list, create, partial update, stop, reactivate, delete.
 *
 * <p>It is also registered as {@code MaintenanceServlet} so the alerts endpoint can reach the
 * {@link #store()}: consult it with {@link MaintenanceStore#match} and call
 * {@link #addChangeListener(Runnable)} to learn of every successful change (to invalidate its
 * {@code alerts:active} response cache).
 *
 * <p>A corrupt maintenances.yaml lists as empty and every change answers 409 with a detail naming the
 * file; the file is left as it is.
 */
@Component(service = {Servlet.class, MaintenanceServlet.class})
@HttpWhiteboardServletPattern("/api/maintenances/*")
public final class MaintenanceServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private static final String TARGET_TYPES = "'site', 'room', 'rack' or 'device'";
    private static final String EFFECTS = "'hide' or 'badge'";

    private final transient MaintenanceStore store;

    @Activate
    public MaintenanceServlet(@Reference RackscopeConfig config, @Reference ConfigWriter writer) {
        this(() -> config.configDir().resolve(MaintenanceStore.FILE_NAME), writer, Clock.systemUTC());
    }

    /** For tests: a given file and clock. */
    MaintenanceServlet(Supplier<Path> file, ConfigWriter writer, Clock clock) {
        this(new MaintenanceStore(file, writer, clock));
    }

    MaintenanceServlet(MaintenanceStore store) {
        this.store = store;
        get("", r -> list());
        get("/", r -> list());
        post("", r -> create(r.jsonObject()));
        post("/", r -> create(r.jsonObject()));
        put("/{id}", r -> update(r.path("id"), r.jsonObject()));
        delete("/{id}", r -> delete(r.path("id")));
        post("/{id}/stop", r -> guarded(() -> store.stop(r.path("id"))));
        post("/{id}/reactivate", r -> guarded(() -> store.reactivate(r.path("id"))));
    }

    /** The store behind this endpoint, for the alerts endpoint. */
    public MaintenanceStore store() {
        return store;
    }

    /**
     * Runs {@code listener} after every successful maintenance change (create, update, stop, reactivate,
     * delete). The returned handle removes it (call it when the listening component deactivates).
     */
    public Runnable addChangeListener(Runnable listener) {
        return store.addListener(listener);
    }

    private Instant now() {
        return store.clock().instant();
    }

    private Map<String, Object> list() {
        Instant now = now();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Maintenance m : store.list()) {
            entries.add(m.toJson(now));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maintenances", entries);
        return body;
    }

    private Object create(JsonNode body) {
        List<Map<String, Object>> errors = new ArrayList<>();
        Maintenance.TargetType type = null;
        JsonNode typeNode = body.get("target_type");
        if (typeNode == null) {
            errors.add(missing("target_type", body));
        } else {
            type = Maintenance.TargetType.parse(typeNode.isTextual() ? typeNode.textValue() : null).orElse(null);
            if (type == null) {
                errors.add(literalError("target_type", typeNode, TARGET_TYPES));
            }
        }
        String targetId = requiredString(body, "target_id", errors);
        String reason = requiredString(body, "reason", errors);
        Maintenance.Effect effect = Maintenance.Effect.BADGE;
        JsonNode effectNode = body.get("effect");
        if (effectNode != null) {
            effect = effect(effectNode, errors);
        }
        OffsetDateTime startsAt = time(body, "starts_at", errors);
        OffsetDateTime expiresAt = time(body, "expires_at", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (targetId.isBlank()) {
            throw ApiException.badRequest("target_id is required");
        }
        if (reason.isBlank()) {
            throw ApiException.badRequest("reason is required");
        }
        Maintenance.TargetType t = type;
        Maintenance.Effect e = effect;
        Maintenance created = guardedStore(() -> store.create(t, targetId, reason, e, startsAt, expiresAt));
        return new ApiServlet.Response(201, created.toJson(now()));
    }

    /**
     * Partial update: only the keys present in the body. {@code reason} is trimmed and must not be blank
     * (null leaves it unchanged); {@code effect} null is ignored; {@code starts_at} / {@code expires_at}
     * null clear the time.
     */
    private Object update(String id, JsonNode body) {
        List<Map<String, Object>> errors = new ArrayList<>();
        String reason = null;
        JsonNode reasonNode = body.get("reason");
        if (reasonNode != null && !reasonNode.isNull()) {
            if (reasonNode.isTextual()) {
                reason = reasonNode.textValue();
            } else {
                errors.add(stringTypeError("reason", reasonNode));
            }
        }
        Maintenance.Effect effect = null;
        JsonNode effectNode = body.get("effect");
        if (effectNode != null && !effectNode.isNull()) {
            effect = effect(effectNode, errors);
        }
        boolean setStarts = body.has("starts_at");
        boolean setExpires = body.has("expires_at");
        OffsetDateTime startsAt = time(body, "starts_at", errors);
        OffsetDateTime expiresAt = time(body, "expires_at", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String newReason = reason == null ? null : reason.strip();
        Maintenance.Effect newEffect = effect;
        // inside the store's lock: a corrupt file answers 409, an unknown id 404, then a blank reason 400
        return guarded(() -> store.update(id, m -> {
            if (newReason != null && newReason.isEmpty()) {
                throw new ApiException(400, "reason cannot be empty");
            }
            Maintenance u = m;
            if (newReason != null) {
                u = u.withReason(newReason);
            }
            if (newEffect != null) {
                u = u.withEffect(newEffect);
            }
            if (setStarts) {
                u = u.withStartsAt(startsAt);
            }
            if (setExpires) {
                u = u.withExpiresAt(expiresAt);
            }
            return u;
        }));
    }

    private Object delete(String id) {
        guardedStore(() -> {
            store.delete(id);
            return null;
        });
        return new ApiServlet.Response(204, null);
    }

    /** Runs a change on one maintenance and answers its entry; store errors become the original's answers. */
    private Map<String, Object> guarded(Supplier<Maintenance> change) {
        Maintenance m = guardedStore(change);
        return m.toJson(now());
    }

    private <T> T guardedStore(Supplier<T> change) {
        try {
            return change.get();
        } catch (MaintenanceStore.NotFoundException e) {
            throw ApiException.notFound("Maintenance not found");
        } catch (MaintenanceStore.InvalidStateException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (MaintenanceStore.CorruptFileException e) {
            throw new ApiException(409, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ApiException(500, e.getMessage());
        } catch (IllegalArgumentException e) {
            // the store's own blank checks (already answered above) or a path outside the config tree
            throw new ApiException(500, e.getMessage());
        }
    }

    // --- validation in pydantic's shapes ------------------------------------------------------------

    private static List<Object> loc(String field) {
        return List.of("body", field);
    }

    private static Map<String, Object> error(String type, String field, String msg, Object input,
                                             Map<String, Object> ctx) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("loc", loc(field));
        e.put("msg", msg);
        e.put("input", input);
        if (ctx != null) {
            e.put("ctx", ctx);
        }
        return e;
    }

    private static Map<String, Object> missing(String field, JsonNode body) {
        return error("missing", field, "Field required", body, null);
    }

    private static Map<String, Object> stringTypeError(String field, JsonNode value) {
        return error("string_type", field, "Input should be a valid string", value, null);
    }

    private static Map<String, Object> literalError(String field, JsonNode value, String expected) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("expected", expected);
        return error("literal_error", field, "Input should be " + expected, value, ctx);
    }

    private static String requiredString(JsonNode body, String field, List<Map<String, Object>> errors) {
        JsonNode node = body.get(field);
        if (node == null) {
            errors.add(missing(field, body));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(stringTypeError(field, node));
            return null;
        }
        return node.textValue();
    }

    private static Maintenance.Effect effect(JsonNode node, List<Map<String, Object>> errors) {
        Maintenance.Effect effect = Maintenance.Effect.parse(node.isTextual() ? node.textValue() : null)
                .orElse(null);
        if (effect == null) {
            errors.add(literalError("effect", node, EFFECTS));
        }
        return effect;
    }

    /** An optional datetime: absent or null → null; otherwise pydantic's lax datetime reading. */
    private static OffsetDateTime time(JsonNode body, String field, List<Map<String, Object>> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        Object value;
        if (node.isTextual()) {
            value = node.textValue();
        } else if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (node.isNumber()) {
            value = node.decimalValue();
        } else {
            errors.add(error("datetime_type", field, "Input should be a valid datetime", node, null));
            return null;
        }
        try {
            return Maintenance.parseTime(value);
        } catch (Maintenance.TimeFormatException e) {
            if (e.wrongType()) {
                errors.add(error("datetime_type", field, "Input should be a valid datetime", node, null));
            } else {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("error", e.getMessage());
                errors.add(error("datetime_from_date_parsing", field,
                        "Input should be a valid datetime or date, " + e.getMessage(), node, ctx));
            }
            return null;
        }
    }
}
