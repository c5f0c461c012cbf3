package dev.rackscope.core.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ValidationException;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.core.config.ConfigBridge;
import dev.rackscope.core.config.Yaml11;
import dev.rackscope.core.config.YamlEdit;
import dev.rackscope.core.load.LoadException;
import dev.rackscope.core.setup.Profiles;
import dev.rackscope.core.snapshot.SnapshotManager;
import jakarta.servlet.Servlet;

/**
 * The setup wizard (ui-surface.md §6): {@code POST /api/setup/wizard/init-profile} creates a profile under the
 * configuration home and makes it the active configuration; {@code POST /api/setup/wizard/disable} sets
 * {@code features.wizard: false} in the active app.yaml.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/setup/*")
public final class SetupServlet extends CoreServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SetupServlet.class);

    private final transient SnapshotManager snapshots;
    private final transient ConfigBridge bridge;

    @Activate
    public SetupServlet(@Reference SnapshotManager snapshots, @Reference ConfigBridge bridge) {
        this.snapshots = snapshots;
        this.bridge = bridge;
        post("/api/setup/wizard/init-profile", r -> initProfile(r.jsonObject()));
        post("/api/setup/wizard/disable", r -> disableWizard());
    }

    private Map<String, Object> initProfile(JsonNode body) throws IOException {
        JsonNode nameNode = body.get("name");
        if (nameNode == null) {
            throw ValidationException.of("missing", List.of("body", "name"), "Field required", body);
        }
        if (!nameNode.isTextual()) {
            throw ValidationException.of("string_type", List.of("body", "name"), "Input should be a valid string",
                    nameNode);
        }
        JsonNode idNode = body.get("id");
        if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
            throw ValidationException.of("string_type", List.of("body", "id"), "Input should be a valid string",
                    idNode);
        }
        String name = nameNode.asText().strip();
        if (name.isEmpty()) {
            throw new ApiException(400, "Profile name is required");
        }
        String rawId = idNode == null || idNode.isNull() || idNode.asText().isEmpty() ? name : idNode.asText();
        String id = Profiles.safeSegment(rawId, "profile");
        Profiles.requireSafeId(id, "profile_id");

        Snapshot current = snapshots.current();
        Profiles.Created created = Profiles.create(bridge.configHome(), id, name, source(current));
        try {
            snapshots.switchTo(created.appYaml(), () -> bridge.activate(created.appYaml()));
        } catch (LoadException e) {
            // what was copied loaded a moment ago; leave the folder for the operator to inspect
            LOG.error("Profile {} was created but does not load: {}", created.appYaml(), e.getMessage());
            throw new ApiException(500, "Profile '" + id + "' was created but does not load: " + e.getMessage());
        }
        LOG.info("Setup wizard: created profile '{}' in {} and made it the active configuration (until the server "
                + "stops; start with RACKSCOPE_APP_CONFIG={} to keep it)", id, created.appYaml().getParent(),
                created.appYaml());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("profile_id", id);
        answer.put("profile_path", created.shownPath());
        return answer;
    }

    /** What the new profile keeps from the running configuration (S11, F7). */
    @SuppressWarnings("unchecked")
    private Profiles.Source source(Snapshot current) {
        Map<String, Object> raw = bridge.appYaml().orElse(Map.of());
        Map<String, Object> auth = raw.get("auth") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        Map<String, Object> plugins = raw.get("plugins") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        AppConfig config = current.config();
        Path templates = null;
        Path checks = null;
        Path metrics = null;
        if (config != null && config.paths() != null) {
            templates = path(config.paths().templates());
            checks = path(config.paths().checks());
            metrics = path(config.paths().metrics());
        }
        return new Profiles.Source(auth, plugins, templates, checks, metrics, bridge.configDir().resolve("plugins"));
    }

    private static Path path(String resolved) {
        return resolved == null || resolved.isBlank() ? null : Paths.get(resolved).toAbsolutePath().normalize();
    }

    private Map<String, Object> disableWizard() throws IOException {
        if (snapshots.current().config() == null) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", "No app config loaded");
            answer.put("wizard", true);
            return answer;
        }
        try {
            snapshots.commit("setup wizard disabled", (snapshot, change) -> {
                Path app = bridge.appConfigFile();
                String text;
                try {
                    text = Files.readString(app, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    text = "";
                }
                YamlEdit.Result edited;
                try {
                    edited = YamlEdit.set(text, List.of("features", "wizard"), false);
                } catch (Yaml11.YamlFileException e) {
                    throw new ApiException(400, "Change refused, app.yaml does not parse: " + e.getMessage());
                }
                if (!edited.text().equals(text)) {
                    change.write(app, edited.text());
                }
                return null;
            });
        } catch (LoadException e) {
            throw refused(e);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("wizard", false);
        answer.put("status", "disabled");
        return answer;
    }
}
