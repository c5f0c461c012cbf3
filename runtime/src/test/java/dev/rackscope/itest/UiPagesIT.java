package dev.rackscope.itest;

import static dev.rackscope.itest.UiShapes.Kind.ANY;
import static dev.rackscope.itest.UiShapes.Kind.ARRAY;
import static dev.rackscope.itest.UiShapes.Kind.BOOLEAN;
import static dev.rackscope.itest.UiShapes.Kind.NUMBER;
import static dev.rackscope.itest.UiShapes.Kind.NUMBER_OR_NULL;
import static dev.rackscope.itest.UiShapes.Kind.OBJECT;
import static dev.rackscope.itest.UiShapes.Kind.OBJECT_OR_NULL;
import static dev.rackscope.itest.UiShapes.Kind.STRING;
import static dev.rackscope.itest.UiShapes.Kind.STRING_OR_NULL;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rackscope.itest.e2e.PrometheusProcess;

/**
 * Every page of the original web UI (ui-surface.md §9) against the server in demo mode: the project's own
 * example configuration ({@code config/}, simulator and Slurm plugins enabled, auth off) with, when the binary is
 * installed, a real Prometheus scraping the simulator as {@code bin/rackscope} starts it. For each route the
 * test makes the calls the page makes (the common set of the layout, the page's reads, and the harmless writes
 * it can undo), with ids taken from the answers, and checks what the UI dereferences: 2xx, JSON, and every field
 * it reads present with the JSON type it treats it as (arrays it maps, objects it takes keys of, numbers it
 * formats). One run lists every problem found.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UiPagesIT extends RackscopeTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PrometheusProcess prometheus;

    @Configuration
    public Option[] config() throws IOException {
        return runtimeOptions(true, true);
    }

    @After
    public void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    public void everyPageOfTheOriginalUiGetsWhatItReads() throws Exception {
        startDemoPrometheus();
        UiShapes ui = new UiShapes(http());

        // ids as the UI finds them: from the answers, never written here
        JsonNode sites = ui.page("(ids)").get("/api/sites");
        Ids ids = Ids.from(sites);
        assertTrue("the demo configuration has a site, a room, an aisle rack and a device: " + sites,
                ids.site != null && ids.room != null && ids.rack != null && ids.device != null);

        commonSet(ui, "/");
        dashboard(ui);
        worldmap(ui);
        cluster(ui, ids);
        site(ui, ids);
        room(ui, ids);
        rack(ui, ids);
        device(ui, ids);
        slurm(ui, ids);
        settingsReads(ui);
        settingsPlugins(ui, ids);
        editors(ui, ids);
        checksEditor(ui);
        metricsEditor(ui);
        logs(ui);
        maintenances(ui, ids);
        notifications(ui);
        simplePages(ui);
        settingsSave(ui);

        String report = ui.problems().size() + " problem(s) in " + ui.calls() + " calls:\n  "
                + String.join("\n  ", ui.problems());
        assertTrue(report, ui.problems().isEmpty());
    }

    // ------------------------------------------------------------------ demo Prometheus

    /**
     * As {@code bin/rackscope} does in demo mode: a local Prometheus scraping the simulator with the demo's
     * relabelling; the server learns its URL from app.yaml here (the start script uses PROMETHEUS_URL, which a
     * test cannot set). Without the binary the pages are still checked, on UNKNOWN health.
     */
    private void startDemoPrometheus() throws Exception {
        Path binary = PrometheusProcess.find();
        if (binary == null) {
            System.err.println("UiPagesIT: prometheus is not installed (apt-get install prometheus): pages are "
                    + "checked without telemetry data");
            return;
        }
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        await("simulator routes", () -> http().get("/simulator/metrics").status() == 200);
        prometheus = PrometheusProcess.startScrapingSimulator(binary, Files.createTempDirectory(work(), "prometheus-"),
                port);
        Path app = configDir().resolve("app.yaml");
        writeFile(app, read(app).replace("prometheus_url: \"\"", "prometheus_url: " + prometheus.url()));
        // a rack state computed from real series and the simulator's Slurm series, through every cache TTL
        JsonNode sites = http().get("/api/sites").json();
        String rack = Ids.from(sites).rack;
        awaitValue("rack health and Slurm nodes from the demo Prometheus", 120, () -> {
            Http.Resp state = http().get("/api/racks/" + rack + "/state");
            Http.Resp nodes = http().get("/api/slurm/nodes");
            return state.status() == 200 && !"UNKNOWN".equals(state.json().path("state").asText("UNKNOWN"))
                    && nodes.status() == 200 && nodes.json().path("nodes").size() > 0 ? state : null;
        }, () -> http().get("/api/racks/" + rack + "/state").body() + " / "
                + UiShapes.abbreviate(http().get("/api/slurm/nodes").body()));
    }

    // ------------------------------------------------------------------ the common set (§9)

    /** What the layout calls on every route: config, menu, rooms, sites, avatar, alerts, simulator status. */
    private void commonSet(UiShapes ui, String route) {
        ui.page(route + " (layout)");
        authEndpointsOfTheCommonSet(ui);
        JsonNode config = config(ui, ui.get("/api/config"));
        menu(ui, ui.get("/api/plugins/menu"));
        rooms(ui, ui.get("/api/rooms"));
        sites(ui, ui.get("/api/sites"));
        alerts(ui, ui.get("/api/alerts/active"));
        if (config != null && config.path("plugins").path("simulator").path("enabled").asBoolean(false)) {
            JsonNode status = ui.get("/api/simulator/status");
            simulatorStatus(ui, status);
            // AppConfigContext shows "simulator down" on every page while running is not true
            ui.expect(status == null || status.path("running").asBoolean(false), "simulator not running in demo mode");
        } else {
            ui.expect(false, "plugins.simulator.enabled is not true in demo mode: the layout would not poll "
                    + "/api/simulator/status");
        }
    }

    /**
     * The auth calls of the common set (§1.7, §9): status with the fields the UI reads, {@code /me} answering 401
     * "Not authenticated" while auth is off, and the avatar.
     */
    private void authEndpointsOfTheCommonSet(UiShapes ui) {
        JsonNode status = ui.get("/api/auth/status");
        ui.fields(status, "enabled", BOOLEAN, "configured", BOOLEAN, "username", STRING);
        JsonNode policy = ui.field(status, "policy", OBJECT);
        ui.fields(policy, "min_length", NUMBER, "max_length", NUMBER, "require_digit", BOOLEAN,
                "require_symbol", BOOLEAN);
        if (status != null) {
            ui.expect(!status.path("enabled").asBoolean(true), "auth.enabled is false in the demo configuration");
        }
        Http.Resp me = http().get("/api/auth/me");
        ui.called("GET /api/auth/me (auth off)");
        ui.expect(me.status() == 401, "answered " + me.status() + " " + UiShapes.abbreviate(me.body())
                + ", expected 401 while auth is off");
        if (me.status() == 401) {
            ui.expect("Not authenticated".equals(json(me.body()).path("detail").asText()),
                    "401 body should be {\"detail\":\"Not authenticated\"}: " + me.body());
        }
        JsonNode avatar = ui.get("/api/auth/avatar");
        ui.field(avatar, "avatar", STRING_OR_NULL);
    }

    // ------------------------------------------------------------------ pages

    private void dashboard(UiShapes ui) {
        ui.page("/");
        alerts(ui, ui.get("/api/alerts/active"));
        sites(ui, ui.get("/api/sites"));
        JsonNode config = config(ui, ui.get("/api/config"));
        prometheusStats(ui, ui.get("/api/stats/prometheus"));
        catalog(ui, ui.get("/api/catalog"));
        checks(ui, ui.get("/api/checks"));
        if (config != null && config.path("plugins").path("slurm").path("enabled").asBoolean(false)) {
            slurmSummary(ui, ui.get("/api/slurm/summary"));
        }
        roomStates(ui, ui.get("/api/rooms/states"), ui.get("/api/rooms"));
        JsonNode stats = ui.get("/api/system/process-stats");
        for (String part : List.of("backend", "simulator", "prometheus")) {
            ui.fields(ui.field(stats, part, OBJECT), "memory_bytes", NUMBER_OR_NULL, "cpu_seconds", NUMBER_OR_NULL,
                    "available", BOOLEAN);
        }
        simulatorStatus(ui, ui.get("/api/simulator/status"));
    }

    private void worldmap(UiShapes ui) {
        ui.page("/views/worldmap");
        JsonNode sites = sites(ui, ui.get("/api/sites"));
        alerts(ui, ui.get("/api/alerts/active"));
        ui.eachOf(sites, 100, s -> {
            JsonNode loc = s.get("location");
            if (loc != null && loc.isObject()) {
                ui.fields(loc, "lat", NUMBER, "lon", NUMBER);
                ui.optional(loc, "address", STRING_OR_NULL);
            }
        });
    }

    private void cluster(UiShapes ui, Ids ids) {
        ui.page("/views/cluster");
        rooms(ui, ui.get("/api/rooms"));
        rack(ui, ui.get("/api/racks/" + ids.rack), ids.aisle);
        rackState(ui, ui.get("/api/racks/" + ids.rack + "/state?include_metrics=true"));
        catalog(ui, ui.get("/api/catalog"));
        metricsLibrary(ui, ui.get("/api/metrics/library"));
    }

    private void site(UiShapes ui, Ids ids) {
        ui.page("/views/site/" + ids.site);
        JsonNode sites = sites(ui, ui.get("/api/sites"));
        ui.eachOf(sites, 100, s -> {
            if (ids.site.equals(s.path("id").asText())) {
                ui.eachOf(s.get("rooms"), 100, r -> roomState(ui, ui.get("/api/rooms/" + r.path("id").asText()
                        + "/state"), r));
            }
        });
    }

    private void room(UiShapes ui, Ids ids) {
        ui.page("/views/room/" + ids.room);
        JsonNode room = ui.get("/api/rooms/" + ids.room + "/layout");
        room(ui, room);
        roomState(ui, ui.get("/api/rooms/" + ids.room + "/state"), room);
        catalog(ui, ui.get("/api/catalog"));
        rackState(ui, ui.get("/api/racks/" + ids.rack + "/state?include_metrics=true"));
        metricsLibrary(ui, ui.get("/api/metrics/library"));
    }

    private void rack(UiShapes ui, Ids ids) {
        ui.page("/views/rack/" + ids.rack);
        JsonNode rack = rack(ui, ui.get("/api/racks/" + ids.rack), ids.aisle);
        JsonNode catalog = catalog(ui, ui.get("/api/catalog"));
        rackState(ui, ui.get("/api/racks/" + ids.rack + "/state?include_metrics=true"));
        JsonNode rooms = rooms(ui, ui.get("/api/rooms"));
        metricsLibrary(ui, ui.get("/api/metrics/library"));
        if (rack != null && rooms != null) {
            // the breadcrumb: the rack's room is found through an aisle of /api/rooms whose id is rack.aisle_id
            boolean found = false;
            for (JsonNode r : rooms) {
                for (JsonNode a : r.path("aisles")) {
                    found |= a.path("id").asText().equals(rack.path("aisle_id").asText(null));
                }
            }
            ui.expect(found, "rack.aisle_id " + rack.get("aisle_id") + " names no aisle of /api/rooms: the rack "
                    + "page cannot show its room and aisle");
        }
        if (rack != null && catalog != null && rack.hasNonNull("template_id")) {
            boolean known = false;
            for (JsonNode t : catalog.path("rack_templates")) {
                known |= t.path("id").asText().equals(rack.path("template_id").asText());
            }
            ui.expect(known, "rack template " + rack.get("template_id") + " is not in /api/catalog rack_templates");
        }
    }

    private void device(UiShapes ui, Ids ids) {
        ui.page("/views/device/" + ids.rack + "/" + ids.device);
        JsonNode ctx = ui.get("/api/racks/" + ids.rack + "/devices/" + ids.device);
        device(ui, ui.field(ctx, "device", OBJECT));
        JsonNode template = ui.field(ctx, "template", OBJECT_OR_NULL);
        if (template != null && template.isObject()) {
            deviceTemplate(ui, template);
        }
        rack(ui, ui.field(ctx, "rack", OBJECT), ids.aisle);
        ui.fields(ui.field(ctx, "room", OBJECT), "id", STRING, "name", STRING);
        ui.fields(ui.field(ctx, "site", OBJECT), "id", STRING, "name", STRING, "description", STRING);
        JsonNode aisle = ui.field(ctx, "aisle", OBJECT_OR_NULL);
        if (aisle != null && aisle.isObject()) {
            ui.fields(aisle, "id", STRING, "name", STRING);
        }
        rackState(ui, ui.get("/api/racks/" + ids.rack + "/state?include_metrics=true"));
        metricsLibrary(ui, ui.get("/api/metrics/library"));
    }

    private void slurm(UiShapes ui, Ids ids) {
        String q = "?room_id=" + URLEncoder.encode(ids.room, StandardCharsets.UTF_8);
        ui.page("/slurm/overview");
        rooms(ui, ui.get("/api/rooms"));
        slurmSummary(ui, ui.get("/api/slurm/summary"));
        slurmSummary(ui, ui.get("/api/slurm/summary" + q));
        slurmPartitions(ui, ui.get("/api/slurm/partitions"));
        slurmPartitions(ui, ui.get("/api/slurm/partitions" + q));
        ui.page("/slurm/nodes, /slurm/alerts");
        JsonNode nodes = slurmNodes(ui, ui.get("/api/slurm/nodes"));
        slurmNodes(ui, ui.get("/api/slurm/nodes" + q));
        if (prometheus != null && nodes != null) {
            ui.expect(nodes.path("nodes").size() > 0, "no Slurm node although the simulator's Slurm series are "
                    + "scraped");
        }
        ui.page("/slurm/partitions");
        slurmPartitions(ui, ui.get("/api/slurm/partitions" + q));
        ui.page("/slurm/wallboard");
        JsonNode rooms = rooms(ui, ui.get("/api/rooms"));
        catalog(ui, ui.get("/api/catalog"));
        config(ui, ui.get("/api/config"));
        slurmNodes(ui, ui.get("/api/slurm/nodes"));
        ui.eachOf(rooms, 100, r -> room(ui, ui.get("/api/rooms/" + r.path("id").asText() + "/layout")));
        metricsLibrary(ui, ui.get("/api/metrics/library"));
    }

    private void settingsReads(UiShapes ui) {
        ui.page("/settings#general…#security");
        JsonNode config = config(ui, ui.get("/api/config"));
        settingsForm(ui, config);
        ui.page("/settings#telemetry");
        prometheusStats(ui, ui.get("/api/stats/prometheus"));
    }

    private void settingsPlugins(UiShapes ui, Ids ids) {
        ui.page("/settings#plugins");
        ui.each(ui.get("/api/metrics/files"), "files", 100, f -> ui.fields(f, "name", STRING, "path", STRING));
        JsonNode overrides = ui.get("/api/simulator/overrides");
        ui.each(overrides, "overrides", 100, UiPagesIT::noop);
        simulatorStatus(ui, ui.get("/api/simulator/status"));

        // the Slurm mapping panel: read, then Save with what was read (the file keeps its entries)
        JsonNode mapping = ui.get("/api/slurm/mapping");
        ui.field(mapping, "mapping_path", STRING_OR_NULL);
        ui.each(mapping, "entries", 1000, e -> ui.fields(e, "node", STRING, "instance", STRING));
        if (mapping != null && mapping.path("entries").isArray()) {
            ArrayNode entries = JSON.createArrayNode();
            for (JsonNode e : mapping.get("entries")) {
                entries.addObject().put("node", e.path("node").asText()).put("instance", e.path("instance").asText());
            }
            JsonNode saved = ui.post("/api/slurm/mapping", JSON.createObjectNode().set("entries", entries).toString());
            ui.fields(saved, "ok", BOOLEAN, "saved", NUMBER);
            JsonNode again = ui.get("/api/slurm/mapping");
            if (again != null) {
                ui.expect(again.get("entries").equals(mapping.get("entries")),
                        "saving the mapping as read changed it: " + mapping.get("entries") + " → " + again.get("entries"));
            }
        }

        // simulator actions: an override added and removed, a restart followed by status polling
        JsonNode created = ui.post("/api/simulator/overrides", JSON.createObjectNode().put("rack_id", ids.rack)
                .put("metric", "up").put("value", 1).put("ttl_seconds", 60).toString());
        String overrideId = null;
        JsonNode list = ui.field(created, "overrides", ARRAY);
        if (list != null) {
            for (JsonNode o : list) {
                ui.fields(o, "id", STRING, "metric", STRING, "value", NUMBER);
                ui.optional(o, "instance", STRING_OR_NULL);
                ui.optional(o, "rack_id", STRING_OR_NULL);
                ui.optional(o, "expires_at", NUMBER_OR_NULL);
                if (ids.rack.equals(o.path("rack_id").asText()) && "up".equals(o.path("metric").asText())) {
                    overrideId = o.path("id").asText();
                }
            }
            ui.expect(overrideId != null, "the override just added is not in the answer: " + list);
        }
        if (overrideId != null) {
            ui.delete("/api/simulator/overrides/" + URLEncoder.encode(overrideId, StandardCharsets.UTF_8));
            JsonNode after = ui.get("/api/simulator/overrides");
            if (after != null) {
                ui.expect(!after.toString().contains("\"" + overrideId + "\""), "override still listed after DELETE");
            }
        }
        JsonNode restart = ui.post("/api/simulator/restart", "");
        ui.field(restart, "status", STRING);
        awaitValue("the simulator running again", () -> {
            Http.Resp r = http().get("/api/simulator/status");
            return r.status() == 200 && r.json().path("running").asBoolean() ? r : null;
        }, () -> http().get("/api/simulator/status").body());
    }

    private void editors(UiShapes ui, Ids ids) {
        ui.page("/editors/datacenter, /editors/topology");
        sites(ui, ui.get("/api/sites"));
        catalog(ui, ui.get("/api/catalog"));
        room(ui, ui.get("/api/rooms/" + ids.room + "/layout"));
        ui.page("/editors/templates");
        catalog(ui, ui.get("/api/catalog"));
        checks(ui, ui.get("/api/checks"));
        metricsLibrary(ui, ui.get("/api/metrics/library"));
        ui.page("/editors/rack?rackId=" + ids.rack);
        rooms(ui, ui.get("/api/rooms"));
        catalog(ui, ui.get("/api/catalog"));
        rack(ui, ui.get("/api/racks/" + ids.rack), ids.aisle);
        ui.page("/editors/rack-templates");
        catalog(ui, ui.get("/api/catalog"));
        checks(ui, ui.get("/api/checks"));
    }

    private void checksEditor(UiShapes ui) {
        ui.page("/editors/checks");
        checks(ui, ui.get("/api/checks"));
        JsonNode files = ui.get("/api/checks/files");
        catalog(ui, ui.get("/api/catalog"));
        String first = null;
        String firstContent = null;
        JsonNode list = ui.field(files, "files", ARRAY);
        if (list != null) {
            ui.expect(list.size() > 0, "no checks file");
            for (JsonNode f : list) {
                ui.fields(f, "name", STRING, "path", STRING);
                String name = f.path("name").asText();
                JsonNode file = ui.get("/api/checks/files/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
                ui.fields(file, "name", STRING, "content", STRING);
                if (first == null && file != null) {
                    first = name;
                    firstContent = file.path("content").asText();
                }
            }
        }
        if (first != null) {
            // Save with the content as read: accepted, and the file reads back the same
            String path = "/api/checks/files/" + URLEncoder.encode(first, StandardCharsets.UTF_8);
            JsonNode saved = ui.put(path, JSON.createObjectNode().put("content", firstContent).toString());
            ui.field(saved, "status", STRING);
            JsonNode again = ui.get(path);
            if (again != null) {
                ui.expect(firstContent.equals(again.path("content").asText()), "content changed by a same-content save");
            }
        }
        if (prometheus != null) {
            JsonNode test = ui.post("/api/checks/test", "{\"expr\": \"up\"}");
            ui.fields(test, "expr", STRING, "prometheus", OBJECT);
        }
    }

    private void metricsEditor(UiShapes ui) {
        ui.page("/editors/metrics");
        metricsLibrary(ui, ui.get("/api/metrics/library"));
        JsonNode files = ui.get("/api/metrics/library/files");
        catalog(ui, ui.get("/api/catalog"));
        JsonNode list = ui.field(files, "files", ARRAY);
        if (list != null) {
            ui.expect(list.size() > 0, "no metrics library file");
            for (JsonNode f : list) {
                ui.fields(f, "name", STRING, "path", STRING);
                String path = "/api/metrics/library/files/"
                        + URLEncoder.encode(f.path("name").asText(), StandardCharsets.UTF_8);
                JsonNode file = ui.get(path);
                ui.fields(file, "name", STRING, "content", STRING);
            }
            if (list.size() > 0) {
                String path = "/api/metrics/library/files/"
                        + URLEncoder.encode(list.get(0).path("name").asText(), StandardCharsets.UTF_8);
                JsonNode file = ui.get(path);
                if (file != null) {
                    String content = file.path("content").asText();
                    ui.put(path, JSON.createObjectNode().put("content", content).toString());
                    JsonNode again = ui.get(path);
                    if (again != null) {
                        ui.expect(content.equals(again.path("content").asText()),
                                "content changed by a same-content save");
                    }
                }
            }
        }
    }

    private void logs(UiShapes ui) throws IOException {
        ui.page("/logs");
        JsonNode logs = ui.get("/api/logs?n=500");
        ui.each(logs, "records", 1000, r -> ui.fields(r, "_seq", NUMBER, "timestamp", STRING, "level", STRING,
                "logger", STRING, "message", STRING));
        ui.get("/api/logs?n=500&level=INFO&search=GET");
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        String head = streamHead(port, "/api/logs/stream?level=INFO");
        ui.called("GET /api/logs/stream (EventSource)");
        ui.expect(head.startsWith("HTTP/1.1 200"), "answered " + UiShapes.abbreviate(head));
        ui.expect(head.toLowerCase().contains("content-type: text/event-stream"), "not an event stream: "
                + UiShapes.abbreviate(head));
    }

    private void maintenances(UiShapes ui, Ids ids) {
        ui.page("/maintenances");
        JsonNode list = ui.get("/api/maintenances");
        ui.each(list, "maintenances", 100, m -> maintenance(ui, m));
        JsonNode created = answerWithStatus(ui, "POST /api/maintenances", http().post("/api/maintenances",
                JSON.createObjectNode().put("target_type", "rack").put("target_id", ids.rack)
                        .put("reason", "UiPagesIT").put("effect", "badge").toString()), 201);
        maintenance(ui, created);
        if (created != null) {
            String id = created.path("id").asText();
            maintenance(ui, ui.put("/api/maintenances/" + id, "{\"reason\": \"UiPagesIT edited\"}"));
            maintenance(ui, ui.post("/api/maintenances/" + id + "/stop", ""));
            maintenance(ui, ui.post("/api/maintenances/" + id + "/reactivate", ""));
            Http.Resp deleted = http().delete("/api/maintenances/" + id);
            ui.called("DELETE /api/maintenances/" + id);
            ui.expect(deleted.status() == 204, "answered " + deleted.status() + ", the UI expects 204");
        }
    }

    private void notifications(UiShapes ui) {
        ui.page("/notifications");
        alerts(ui, ui.get("/api/alerts/active"));
        slurmNodes(ui, ui.get("/api/slurm/nodes"));
    }

    /** Pages that need only the common set, or one library read. */
    private void simplePages(UiShapes ui) {
        for (String route : List.of("/playlist", "/calendar", "/about", "/templates/default", "/profile",
                "/ui-library/templates/device", "/ui-library/templates/room", "/error/404")) {
            commonSet(ui, route);
        }
        ui.page("/playlist");
        JsonNode config = ui.get("/api/config");
        JsonNode playlist = ui.field(config, "playlist", OBJECT);
        ui.field(playlist, "interval_seconds", NUMBER);
        ui.each(playlist, "views", 100, v -> ui.is(v, STRING, "playlist view"));
        ui.page("/ui-library/templates/rack");
        metricsLibrary(ui, ui.get("/api/metrics/library"));
        ui.page("/auth/signin, /auth/signup");
        JsonNode status = ui.get("/api/auth/status");
        ui.fields(status, "enabled", BOOLEAN, "configured", BOOLEAN, "policy", OBJECT);
    }

    /**
     * Settings → Save, twice: first the body {@code GET /api/config} returned, sent back whole (nothing may be
     * lost or changed), then the body the UI's form builds from it (the keys it sends must be kept), each
     * followed by {@code POST /api/system/restart} as the page does; the layout must come back.
     */
    private void settingsSave(UiShapes ui) {
        ui.page("/settings Save (GET body sent back)");
        JsonNode before = ui.get("/api/config");
        if (before == null) {
            return;
        }
        JsonNode answer = ui.put("/api/config", before.toString());
        if (answer != null) {
            ui.expect(!answer.path("auth").has("password_hash") || answer.path("auth").path("password_hash")
                    .asText().isEmpty(), "PUT /api/config echoes auth.password_hash");
        }
        restartAndWait(ui);
        JsonNode after = ui.get("/api/config");
        if (after != null) {
            List<String> diff = new ArrayList<>();
            diff("", before, after, diff);
            ui.expect(diff.isEmpty(), "GET after PUT of the GET body differs: " + diff);
        }

        ui.page("/settings Save (the form's body)");
        JsonNode current = ui.get("/api/config");
        if (current == null) {
            return;
        }
        ObjectNode form = settingsSaveBody(current);
        // values a user would pick in the form, among them the ones ui-surface.md §10 F8 says were dropped
        ((ObjectNode) form.get("map")).put("style", "satellite");
        ((ObjectNode) form.get("features")).put("toast_duration_seconds", 12).put("toast_position", "top-right")
                .put("toast_stack_threshold", 4).put("aisle_dashboard", false);
        ui.put("/api/config", form.toString());
        restartAndWait(ui);
        JsonNode saved = config(ui, ui.get("/api/config"));
        if (saved != null) {
            List<String> lost = new ArrayList<>();
            sentKeysKept("", form, saved, lost);
            ui.expect(lost.isEmpty(), "keys the Settings form sent are not kept: " + lost);
        }
        commonSet(ui, "/settings (page reloaded after Save)");
        // put the demo configuration back as it was
        ui.page("/settings Save (restore)");
        ui.put("/api/config", before.toString());
        restartAndWait(ui);
    }

    private void restartAndWait(UiShapes ui) {
        int count = http().get("/api/system/status").json().path("restart").path("count").asInt();
        JsonNode restart = ui.post("/api/system/restart", "");
        ui.fields(restart, "status", STRING, "message", STRING);
        awaitValue("the restart to finish", () -> {
            Http.Resp s = http().get("/api/system/status");
            return s.status() == 200 && s.json().path("restart").path("count").asInt() > count ? s : null;
        }, () -> http().get("/api/system/status").body());
        await("both plugins back in the menu", () -> menuHas("simulator") && menuHas("workload"));
        await("the simulator running again", () -> {
            Http.Resp r = http().get("/api/simulator/status");
            return r.status() == 200 && r.json().path("running").asBoolean();
        });
    }

    // ------------------------------------------------------------------ shapes the UI reads

    private static JsonNode config(UiShapes ui, JsonNode c) {
        if (c == null) {
            return null;
        }
        JsonNode app = ui.field(c, "app", OBJECT);
        ui.fields(app, "name", STRING, "description", STRING_OR_NULL);
        ui.field(c, "paths", OBJECT);
        ui.fields(ui.field(c, "refresh", OBJECT), "room_state_seconds", NUMBER, "rack_state_seconds", NUMBER);
        ui.field(ui.field(c, "cache", OBJECT), "ttl_seconds", NUMBER);
        JsonNode telemetry = ui.field(c, "telemetry", OBJECT);
        ui.fields(telemetry, "prometheus_url", STRING_OR_NULL, "identity_label", STRING, "rack_label", STRING,
                "chassis_label", STRING, "job_regex", STRING, "prometheus_heartbeat_seconds", NUMBER,
                "prometheus_latency_window", NUMBER, "debug_stats", BOOLEAN, "tls_verify", BOOLEAN);
        if (telemetry != null) {
            ui.expect(!telemetry.hasNonNull("basic_auth_password") || telemetry.get("basic_auth_password").asText()
                    .isEmpty(), "GET /api/config shows telemetry.basic_auth_password");
        }
        ui.fields(ui.field(c, "planner", OBJECT), "unknown_state", STRING, "cache_ttl_seconds", NUMBER,
                "max_ids_per_query", NUMBER);
        JsonNode features = ui.field(c, "features", OBJECT);
        ui.fields(features, "notifications", BOOLEAN, "notifications_max_visible", NUMBER, "playlist", BOOLEAN,
                "offline", BOOLEAN, "wizard", BOOLEAN, "worldmap", BOOLEAN, "show_logs", BOOLEAN,
                "maintenances", BOOLEAN, "dev_tools", BOOLEAN);
        ui.optional(features, "toast_duration_seconds", NUMBER);
        ui.optional(features, "toast_position", STRING);
        ui.optional(features, "toast_stack_threshold", NUMBER);
        ui.optional(features, "aisle_dashboard", BOOLEAN);
        JsonNode auth = ui.field(c, "auth", OBJECT);
        ui.fields(auth, "enabled", BOOLEAN, "session_duration", STRING, "trusted_networks", ARRAY);
        ui.fields(ui.field(auth, "policy", OBJECT), "min_length", NUMBER, "max_length", NUMBER,
                "require_digit", BOOLEAN, "require_symbol", BOOLEAN);
        if (auth != null) {
            ui.expect(!auth.has("password_hash") && !auth.has("secret_key"),
                    "GET /api/config shows auth.password_hash or auth.secret_key");
        }
        JsonNode map = ui.field(c, "map", OBJECT);
        ui.fields(map, "default_view", STRING_OR_NULL, "default_zoom", NUMBER_OR_NULL, "min_zoom", NUMBER,
                "max_zoom", NUMBER, "zoom_controls", BOOLEAN);
        ui.optional(map, "style", STRING_OR_NULL);
        JsonNode center = ui.field(map, "center", OBJECT_OR_NULL);
        if (center != null && center.isObject()) {
            ui.fields(center, "lat", NUMBER, "lon", NUMBER);
        }
        JsonNode playlist = ui.field(c, "playlist", OBJECT);
        ui.field(playlist, "interval_seconds", NUMBER);
        ui.each(playlist, "views", 100, v -> ui.is(v, STRING, "playlist view"));
        JsonNode plugins = ui.field(c, "plugins", OBJECT);
        JsonNode simulator = ui.field(plugins, "simulator", OBJECT);
        ui.field(simulator, "enabled", BOOLEAN);
        ui.expect(simulator == null || simulator.path("enabled").asBoolean(false), "plugins.simulator.enabled "
                + "should be true in demo mode");
        JsonNode slurm = ui.field(plugins, "slurm", OBJECT);
        ui.field(slurm, "enabled", BOOLEAN);
        ui.expect(slurm == null || slurm.path("enabled").asBoolean(false), "plugins.slurm.enabled should be true "
                + "in demo mode");
        return c;
    }

    /** What the Settings form reads to fill its fields beyond {@link #config} (§9, the Settings rows). */
    private static void settingsForm(UiShapes ui, JsonNode c) {
        if (c == null) {
            return;
        }
        JsonNode simulator = c.path("plugins").path("simulator");
        ui.optional(simulator, "update_interval_seconds", NUMBER);
        ui.optional(simulator, "seed", NUMBER_OR_NULL);
        ui.optional(simulator, "overrides_path", STRING_OR_NULL);
        ui.optional(simulator, "default_ttl_seconds", NUMBER);
        ui.optional(simulator, "metrics_catalog_path", STRING_OR_NULL);
        JsonNode catalogs = ui.optional(simulator, "metrics_catalogs", ARRAY);
        ui.eachOf(catalogs, 100, k -> {
            ui.fields(k, "id", STRING, "path", STRING);
            ui.optional(k, "enabled", BOOLEAN);
        });
        JsonNode slurm = c.path("plugins").path("slurm");
        for (String key : List.of("metric", "label_node", "label_status", "label_partition")) {
            ui.optional(slurm, key, STRING);
        }
        ui.optional(slurm, "mapping_path", STRING_OR_NULL);
        ui.optional(slurm, "roles", ARRAY);
        ui.optional(slurm, "include_unlabeled", BOOLEAN);
        JsonNode statusMap = ui.optional(slurm, "status_map", OBJECT);
        if (statusMap != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = statusMap.fields(); it.hasNext();) {
                // useSlurmConfig lower-cases every status of every list
                JsonNode statuses = it.next().getValue();
                if (ui.is(statuses, ARRAY, "slurm.status_map entry")) {
                    ui.eachOf(statuses, 100, v -> ui.is(v, STRING, "slurm.status_map status"));
                }
            }
        }
        JsonNode colors = ui.optional(slurm, "severity_colors", OBJECT);
        if (colors != null) {
            for (Iterator<JsonNode> it = colors.elements(); it.hasNext();) {
                ui.is(it.next(), STRING, "slurm.severity_colors colour");
            }
        }
    }

    private static void menu(UiShapes ui, JsonNode menu) {
        ui.each(menu, "sections", 100, s -> {
            ui.fields(s, "id", STRING, "label", STRING, "icon", STRING_OR_NULL, "order", NUMBER);
            ui.each(s, "items", 100, i -> ui.fields(i, "id", STRING, "label", STRING, "path", STRING,
                    "icon", STRING_OR_NULL));
        });
        if (menu != null) {
            ui.expect(menu.toString().contains("\"id\":\"simulator\"") && menu.toString().contains("\"id\":\"workload\""),
                    "the menu lacks the simulator or the workload (Slurm) section in demo mode: " + menu);
        }
    }

    private static JsonNode rooms(UiShapes ui, JsonNode rooms) {
        if (ui.is(rooms, ARRAY, "/api/rooms")) {
            ui.expect(rooms.size() > 0, "no room");
            ui.eachOf(rooms, 100, r -> {
                ui.fields(r, "id", STRING, "name", STRING, "site_id", STRING);
                ui.each(r, "aisles", 100, a -> {
                    ui.fields(a, "id", STRING, "name", STRING);
                    ui.each(a, "racks", 100, k -> ui.fields(k, "id", STRING, "name", STRING));
                });
            });
        }
        return rooms;
    }

    private static JsonNode sites(UiShapes ui, JsonNode sites) {
        if (ui.is(sites, ARRAY, "/api/sites")) {
            ui.expect(sites.size() > 0, "no site");
            ui.eachOf(sites, 100, s -> {
                ui.fields(s, "id", STRING, "name", STRING, "description", STRING_OR_NULL, "location", OBJECT_OR_NULL);
                ui.each(s, "rooms", 100, r -> room(ui, r));
            });
        }
        return sites;
    }

    private static void room(UiShapes ui, JsonNode r) {
        if (r == null) {
            return;
        }
        ui.fields(r, "id", STRING, "name", STRING, "description", STRING_OR_NULL, "layout", OBJECT_OR_NULL);
        JsonNode layout = r.get("layout");
        if (layout != null && layout.isObject()) {
            JsonNode size = ui.optional(layout, "size", OBJECT_OR_NULL);
            if (size != null && size.isObject()) {
                ui.optional(size, "width", NUMBER_OR_NULL);
                ui.optional(size, "height", NUMBER_OR_NULL);
            }
            JsonNode door = ui.optional(layout, "door", OBJECT_OR_NULL);
            if (door != null && door.isObject()) {
                ui.optional(door, "side", STRING_OR_NULL);
                ui.optional(door, "position", NUMBER_OR_NULL);
                ui.optional(door, "label", STRING_OR_NULL);
            }
            JsonNode grid = ui.optional(layout, "grid", OBJECT_OR_NULL);
            if (grid != null && grid.isObject()) {
                ui.optional(grid, "cell", NUMBER_OR_NULL);
            }
        }
        ui.each(r, "aisles", 100, a -> {
            ui.fields(a, "id", STRING, "name", STRING);
            String aisleId = a.path("id").asText();
            ui.each(a, "racks", 100, k -> rack(ui, k, aisleId));
        });
        ui.each(r, "standalone_racks", 100, k -> rack(ui, k, null));
    }

    /** A rack as the views read it; {@code aisleId} is the aisle it was found in (null: standalone). */
    private static JsonNode rack(UiShapes ui, JsonNode k, String aisleId) {
        if (k == null) {
            return null;
        }
        ui.fields(k, "id", STRING, "name", STRING, "template_id", STRING_OR_NULL, "u_height", NUMBER,
                "aisle_id", STRING_OR_NULL);
        if (aisleId != null && k.has("aisle_id")) {
            ui.expect(aisleId.equals(k.path("aisle_id").asText(null)), "rack " + k.path("id").asText()
                    + " of aisle " + aisleId + " has aisle_id " + k.get("aisle_id")
                    + " (the rack page finds its room and aisle through it)");
        }
        ui.each(k, "devices", 200, d -> device(ui, d));
        return k;
    }

    private static void device(UiShapes ui, JsonNode d) {
        if (d == null) {
            return;
        }
        ui.fields(d, "id", STRING, "name", STRING, "template_id", STRING, "u_position", NUMBER, "instance", ANY);
    }

    private static JsonNode catalog(UiShapes ui, JsonNode c) {
        ui.each(c, "device_templates", 500, t -> deviceTemplate(ui, t));
        ui.each(c, "rack_templates", 500, t -> {
            ui.fields(t, "id", STRING, "name", STRING, "u_height", NUMBER);
            JsonNode infra = ui.field(t, "infrastructure", OBJECT);
            ui.optional(infra, "components", ARRAY);
            ui.optional(infra, "front_components", ARRAY);
            ui.optional(infra, "rear_components", ARRAY);
            ui.optional(infra, "side_components", ARRAY);
            ui.optional(infra, "rack_components", ARRAY);
            ui.optional(t, "checks", ARRAY);
        });
        ui.each(c, "rack_component_templates", 500, t -> ui.fields(t, "id", STRING, "name", STRING, "type", STRING));
        return c;
    }

    private static void deviceTemplate(UiShapes ui, JsonNode t) {
        ui.fields(t, "id", STRING, "name", STRING, "type", STRING, "u_height", NUMBER, "layout", OBJECT_OR_NULL);
        JsonNode layout = t.get("layout");
        if (layout != null && layout.isObject()) {
            ui.fields(layout, "type", STRING, "rows", NUMBER, "cols", NUMBER, "matrix", ARRAY);
        }
        ui.optional(t, "checks", ARRAY);
        ui.optional(t, "metrics", ARRAY);
        ui.optional(t, "rear_components", ARRAY);
    }

    private static void checks(UiShapes ui, JsonNode c) {
        ui.each(c, "checks", 500, k -> {
            ui.fields(k, "id", STRING, "name", STRING, "scope", STRING, "expr", STRING);
            ui.optional(k, "rules", ARRAY);
            ui.optional(k, "output", STRING_OR_NULL);
        });
    }

    private static void metricsLibrary(UiShapes ui, JsonNode m) {
        ui.field(m, "count", NUMBER);
        ui.each(m, "metrics", 500, d -> {
            ui.fields(d, "id", STRING, "name", STRING, "metric", STRING, "display", OBJECT);
            JsonNode display = d.get("display");
            if (display != null && display.isObject()) {
                ui.optional(display, "unit", STRING_OR_NULL);
                JsonNode thresholds = ui.optional(display, "thresholds", OBJECT_OR_NULL);
                if (thresholds != null && thresholds.isObject()) {
                    ui.optional(thresholds, "warn", NUMBER_OR_NULL);
                    ui.optional(thresholds, "crit", NUMBER_OR_NULL);
                }
            }
            ui.optional(d, "tags", ARRAY);
        });
    }

    private static void alerts(UiShapes ui, JsonNode a) {
        ui.each(a, "alerts", 500, e -> {
            ui.fields(e, "state", STRING, "site_id", STRING, "site_name", STRING, "room_id", STRING,
                    "room_name", STRING, "rack_id", STRING, "rack_name", STRING);
            ui.each(e, "checks", 50, k -> ui.fields(k, "id", STRING, "severity", STRING));
            if ("node".equals(e.path("type").asText("node"))) {
                ui.fields(e, "node_id", STRING, "device_id", STRING, "device_name", STRING);
            }
        });
    }

    private static void simulatorStatus(UiShapes ui, JsonNode s) {
        ui.fields(s, "running", BOOLEAN, "endpoint", STRING, "update_interval", NUMBER, "incident_mode", STRING,
                "changes_per_hour", NUMBER, "overrides_count", NUMBER);
    }

    private static void prometheusStats(UiShapes ui, JsonNode s) {
        ui.fields(s, "last_ms", NUMBER_OR_NULL, "avg_ms", NUMBER_OR_NULL, "last_ts", NUMBER_OR_NULL,
                "heartbeat_seconds", NUMBER, "next_ts", NUMBER_OR_NULL);
    }

    private static void roomStates(UiShapes ui, JsonNode states, JsonNode rooms) {
        if (!ui.is(states, OBJECT, "/api/rooms/states")) {
            return;
        }
        for (Iterator<JsonNode> it = states.elements(); it.hasNext();) {
            ui.is(it.next(), STRING, "room state");
        }
        if (rooms != null && rooms.isArray()) {
            for (JsonNode r : rooms) {
                ui.expect(states.has(r.path("id").asText()), "no state for room " + r.path("id").asText());
            }
        }
    }

    private static void roomState(UiShapes ui, JsonNode s, JsonNode room) {
        ui.fields(s, "room_id", STRING, "state", STRING);
        ui.values(s, "racks", 500, v -> {
            if (!v.isTextual()) {
                ui.fields(v, "state", STRING, "node_total", NUMBER, "node_crit", NUMBER, "node_warn", NUMBER);
            }
        });
        if (s != null && room != null && room.has("aisles")) {
            for (JsonNode a : room.path("aisles")) {
                for (JsonNode k : a.path("racks")) {
                    ui.expect(s.path("racks").has(k.path("id").asText()), "no state for rack " + k.path("id").asText());
                }
            }
        }
    }

    private static void rackState(UiShapes ui, JsonNode s) {
        ui.fields(s, "rack_id", STRING, "state", STRING);
        ui.each(s, "checks", 100, k -> ui.fields(k, "id", STRING, "name", STRING, "severity", STRING));
        ui.each(s, "alerts", 100, k -> ui.fields(k, "id", STRING, "name", STRING, "severity", STRING));
        ui.fields(ui.field(s, "metrics", OBJECT), "temperature", NUMBER, "power", NUMBER);
        ui.field(ui.field(s, "infra_metrics", OBJECT), "components", OBJECT);
        ui.values(s, "nodes", 500, n -> {
            ui.fields(n, "state", STRING, "temperature", NUMBER, "power", NUMBER);
            ui.optional(n, "checks", ARRAY);
            ui.optional(n, "alerts", ARRAY);
        });
    }

    private static void slurmSummary(UiShapes ui, JsonNode s) {
        ui.fields(s, "room_id", STRING_OR_NULL, "total_nodes", NUMBER);
        ui.values(s, "by_status", 100, v -> ui.is(v, NUMBER, "by_status count"));
        JsonNode bySeverity = ui.field(s, "by_severity", OBJECT);
        ui.fields(bySeverity, "OK", NUMBER, "WARN", NUMBER, "CRIT", NUMBER, "UNKNOWN", NUMBER);
    }

    private static void slurmPartitions(UiShapes ui, JsonNode p) {
        ui.field(p, "room_id", STRING_OR_NULL);
        ui.values(p, "partitions", 100, counts -> {
            if (ui.is(counts, OBJECT, "partition")) {
                for (Iterator<JsonNode> it = counts.elements(); it.hasNext();) {
                    ui.is(it.next(), NUMBER, "partition status count");
                }
            }
        });
    }

    private static JsonNode slurmNodes(UiShapes ui, JsonNode n) {
        ui.field(n, "room_id", STRING_OR_NULL);
        ui.each(n, "nodes", 5000, e -> {
            ui.fields(e, "node", STRING, "status", STRING, "severity", STRING);
            ui.each(e, "statuses", 50, v -> ui.is(v, STRING, "Slurm status"));
            ui.each(e, "partitions", 50, v -> ui.is(v, STRING, "Slurm partition"));
            for (String key : List.of("site_id", "site_name", "room_id", "room_name", "rack_id", "rack_name",
                    "device_id", "device_name")) {
                ui.optional(e, key, STRING);
            }
        });
        return n;
    }

    private static void maintenance(UiShapes ui, JsonNode m) {
        if (m == null) {
            return;
        }
        ui.fields(m, "id", STRING, "target_type", STRING, "target_id", STRING, "reason", STRING, "effect", STRING,
                "created_at", STRING, "starts_at", STRING_OR_NULL, "expires_at", STRING_OR_NULL,
                "ended_at", STRING_OR_NULL, "status", STRING);
    }

    // ------------------------------------------------------------------ the Settings form's body

    /**
     * The body the Settings page's Save sends (its form model filled from {@code GET /api/config}, then turned
     * back into a config): only the keys the form has, with the form's fallbacks where the answer has none.
     */
    static ObjectNode settingsSaveBody(JsonNode c) {
        ObjectNode b = JSON.createObjectNode();
        b.putObject("app").put("name", text(c, "app.name", "Rackscope"))
                .put("description", text(c, "app.description", "Datacenter Overview"));
        ObjectNode map = b.putObject("map");
        map.put("default_view", text(c, "map.default_view", "world"))
                .put("default_zoom", integer(c, "map.default_zoom", 4))
                .put("min_zoom", integer(c, "map.min_zoom", 2)).put("max_zoom", integer(c, "map.max_zoom", 7))
                .put("zoom_controls", bool(c, "map.zoom_controls", true)).put("style", text(c, "map.style", "minimal"));
        map.putObject("center").put("lat", number(c, "map.center.lat", 20)).put("lon", number(c, "map.center.lon", 0));
        b.putObject("paths").put("topology", text(c, "paths.topology", "")).put("templates", text(c, "paths.templates", ""))
                .put("checks", text(c, "paths.checks", "")).put("metrics", text(c, "paths.metrics", ""));
        b.putObject("refresh").put("room_state_seconds", integer(c, "refresh.room_state_seconds", 60))
                .put("rack_state_seconds", integer(c, "refresh.rack_state_seconds", 60));
        b.putObject("cache").put("ttl_seconds", integer(c, "cache.ttl_seconds", 60))
                .put("health_checks_ttl_seconds", integer(c, "cache.health_checks_ttl_seconds", 30))
                .put("metrics_ttl_seconds", integer(c, "cache.metrics_ttl_seconds", 120));
        b.putObject("telemetry").put("prometheus_url", text(c, "telemetry.prometheus_url", ""))
                .put("identity_label", text(c, "telemetry.identity_label", "instance"))
                .put("rack_label", text(c, "telemetry.rack_label", "rack_id"))
                .put("chassis_label", text(c, "telemetry.chassis_label", "chassis_id"))
                .put("job_regex", text(c, "telemetry.job_regex", ".*"))
                .put("prometheus_heartbeat_seconds", integer(c, "telemetry.prometheus_heartbeat_seconds", 30))
                .put("prometheus_latency_window", integer(c, "telemetry.prometheus_latency_window", 20))
                .put("debug_stats", bool(c, "telemetry.debug_stats", false))
                .put("basic_auth_user", text(c, "telemetry.basic_auth_user", ""))
                .put("basic_auth_password", text(c, "telemetry.basic_auth_password", ""))
                .put("tls_verify", bool(c, "telemetry.tls_verify", true))
                .put("tls_ca_file", text(c, "telemetry.tls_ca_file", ""))
                .put("tls_cert_file", text(c, "telemetry.tls_cert_file", ""))
                .put("tls_key_file", text(c, "telemetry.tls_key_file", ""));
        b.putObject("planner").put("unknown_state", text(c, "planner.unknown_state", "UNKNOWN"))
                .put("cache_ttl_seconds", integer(c, "planner.cache_ttl_seconds", 60))
                .put("max_ids_per_query", integer(c, "planner.max_ids_per_query", 200));
        b.putObject("features").put("notifications", bool(c, "features.notifications", true))
                .put("notifications_max_visible", integer(c, "features.notifications_max_visible", 10))
                .put("toast_duration_seconds", integer(c, "features.toast_duration_seconds", 15))
                .put("toast_position", text(c, "features.toast_position", "bottom-right"))
                .put("toast_stack_threshold", integer(c, "features.toast_stack_threshold", 5))
                .put("worldmap", bool(c, "features.worldmap", true))
                .put("aisle_dashboard", bool(c, "features.aisle_dashboard", true))
                .put("dev_tools", bool(c, "features.dev_tools", false))
                .put("playlist", bool(c, "features.playlist", false))
                .put("offline", bool(c, "features.offline", false));
        ObjectNode playlist = b.putObject("playlist").put("interval_seconds", integer(c, "playlist.interval_seconds", 30));
        JsonNode views = at(c, "playlist.views");
        playlist.set("views", views != null && views.isArray() ? views.deepCopy()
                : JSON.createArrayNode().add("/views/worldmap").add("/slurm/overview"));
        ObjectNode auth = b.putObject("auth").put("enabled", bool(c, "auth.enabled", false))
                .put("session_duration", text(c, "auth.session_duration", "24h"));
        auth.putObject("policy").put("min_length", integer(c, "auth.policy.min_length", 6))
                .put("max_length", integer(c, "auth.policy.max_length", 128))
                .put("require_digit", bool(c, "auth.policy.require_digit", false))
                .put("require_symbol", bool(c, "auth.policy.require_symbol", false));
        ObjectNode plugins = b.putObject("plugins");
        String s = "plugins.simulator.";
        ObjectNode sim = plugins.putObject("simulator").put("enabled", bool(c, s + "enabled", false))
                .put("update_interval_seconds", integer(c, s + "update_interval_seconds", 20));
        if (at(c, s + "seed") != null && at(c, s + "seed").isNumber()) {
            sim.put("seed", at(c, s + "seed").asInt());
        } else {
            sim.putNull("seed");
        }
        sim.put("scenario", text(c, s + "scenario", "full-ok")).put("scale_factor", number(c, s + "scale_factor", 1.0));
        sim.putObject("incident_rates").put("node_micro_failure", number(c, s + "incident_rates.node_micro_failure", 0.001))
                .put("rack_macro_failure", number(c, s + "incident_rates.rack_macro_failure", 0.01))
                .put("aisle_cooling_failure", number(c, s + "incident_rates.aisle_cooling_failure", 0.005));
        sim.putObject("incident_durations").put("rack", integer(c, s + "incident_durations.rack", 3))
                .put("aisle", integer(c, s + "incident_durations.aisle", 5));
        sim.put("overrides_path", text(c, s + "overrides_path", "config/plugins/simulator/overrides.yaml"))
                .put("default_ttl_seconds", integer(c, s + "default_ttl_seconds", 120))
                .put("metrics_catalog_path", text(c, s + "metrics_catalog_path",
                        "config/plugins/simulator/metrics_full.yaml"));
        JsonNode catalogs = at(c, s + "metrics_catalogs");
        sim.set("metrics_catalogs", catalogs != null && catalogs.isArray() && catalogs.size() > 0 ? catalogs.deepCopy()
                : JSON.createArrayNode());
        String l = "plugins.slurm.";
        ObjectNode slurm = plugins.putObject("slurm").put("enabled", bool(c, l + "enabled", false))
                .put("metric", text(c, l + "metric", "slurm_node_status"))
                .put("label_node", text(c, l + "label_node", "node"))
                .put("label_status", text(c, l + "label_status", "status"))
                .put("label_partition", text(c, l + "label_partition", "partition"))
                .put("mapping_path", text(c, l + "mapping_path", ""));
        JsonNode roles = at(c, l + "roles");
        slurm.set("roles", roles != null && roles.isArray() && roles.size() > 0 ? roles.deepCopy() : JSON.createArrayNode());
        slurm.put("include_unlabeled", bool(c, l + "include_unlabeled", false));
        ObjectNode statusMap = slurm.putObject("status_map");
        Map<String, List<String>> defaults = Map.of(
                "ok", List.of("idle", "allocated", "alloc", "completing", "comp"),
                "warn", List.of("mixed", "mix", "maint", "planned", "plnd", "reserved", "resv"),
                "crit", List.of("down", "drain", "drained", "draining", "drng", "fail", "failing", "failg", "error"),
                "info", List.of());
        for (String key : List.of("ok", "warn", "crit", "info")) {
            JsonNode v = at(c, l + "status_map." + key);
            ArrayNode list = JSON.createArrayNode();
            if (v != null && v.isArray() && v.size() > 0) {
                v.forEach(list::add);
            } else {
                defaults.get(key).forEach(list::add);
            }
            statusMap.set(key, list);
        }
        slurm.putObject("severity_colors").put("ok", text(c, l + "severity_colors.ok", "#22c55e"))
                .put("warn", text(c, l + "severity_colors.warn", "#f59e0b"))
                .put("crit", text(c, l + "severity_colors.crit", "#ef4444"))
                .put("info", text(c, l + "severity_colors.info", "#3b82f6"));
        return b;
    }

    private static JsonNode at(JsonNode c, String dotted) {
        JsonNode n = c;
        for (String k : dotted.split("\\.")) {
            n = n == null ? null : n.get(k);
        }
        return n == null || n.isNull() ? null : n;
    }

    /** {@code x || fallback}: a missing, null or empty value gives the fallback. */
    private static String text(JsonNode c, String key, String fallback) {
        JsonNode v = at(c, key);
        return v == null || v.asText().isEmpty() ? fallback : v.asText();
    }

    /** {@code parseInt(String(x ?? d)) || d}. */
    private static int integer(JsonNode c, String key, int fallback) {
        JsonNode v = at(c, key);
        int n = v == null ? fallback : v.isNumber() ? v.asInt() : parseInt(v.asText());
        return n == 0 ? fallback : n;
    }

    private static int parseInt(String s) {
        try {
            return (int) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code parseFloat(String(x ?? d)) || d}. */
    private static double number(JsonNode c, String key, double fallback) {
        JsonNode v = at(c, key);
        double n = v == null ? fallback : v.asDouble();
        return n == 0 ? fallback : n;
    }

    /** {@code x ?? fallback}. */
    private static boolean bool(JsonNode c, String key, boolean fallback) {
        JsonNode v = at(c, key);
        return v == null ? fallback : v.asBoolean();
    }

    // ------------------------------------------------------------------ helpers

    /** Every path where {@code a} and {@code b} differ. */
    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!b.has(k)) {
                    out.add(path + "." + k + " lost");
                } else {
                    diff(path + "." + k, a.get(k), b.get(k), out);
                }
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!a.has(k)) {
                    out.add(path + "." + k + " added");
                }
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + UiShapes.abbreviate(a.toString()) + " → " + UiShapes.abbreviate(b.toString()));
        }
    }

    /**
     * Every key of {@code sent} that {@code saved} lacks or holds with another value, except what the original
     * does not keep on purpose: the secrets GET hides, retired simulator keys (simulator.md §6), and text fields
     * the server answers as null when sent empty.
     */
    private static void sentKeysKept(String path, JsonNode sent, JsonNode saved, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + "." + e.getKey();
            if (List.of(".telemetry.basic_auth_password", ".plugins.simulator.scenario",
                    ".plugins.simulator.scale_factor", ".plugins.simulator.incident_rates",
                    ".plugins.simulator.incident_durations").contains(p)) {
                continue;
            }
            JsonNode v = saved == null ? null : saved.get(e.getKey());
            JsonNode s = e.getValue();
            if (s.isObject()) {
                if (v == null || !v.isObject()) {
                    out.add(p + " lost");
                } else {
                    sentKeysKept(p, s, v, out);
                }
            } else if (v == null) {
                out.add(p + " lost (sent " + s + ")");
            } else if (s.isTextual() && s.asText().isEmpty() && v.isNull()) {
                continue;
            } else if (s.isNumber() && v.isNumber() ? s.asDouble() != v.asDouble() : !s.equals(v)) {
                out.add(p + ": sent " + s + ", kept " + UiShapes.abbreviate(v.toString()));
            }
        }
    }

    private static JsonNode answerWithStatus(UiShapes ui, String what, Http.Resp r, int expected) {
        JsonNode node = ui.answer(what, r);
        ui.expect(r.status() == expected, "answered " + r.status() + ", the UI expects " + expected);
        return node;
    }

    /** The status line and headers of an event stream, read from a raw socket that is then closed. */
    private static String streamHead(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.indexOf("\r\n\r\n") >= 0) {
                    break;
                }
            }
            return head.toString();
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void noop(JsonNode n) {
    }

    /** The first site, room, aisle, aisle rack and its first device, as the answers list them. */
    private static final class Ids {
        String site;
        String room;
        String aisle;
        String rack;
        String device;

        static Ids from(JsonNode sites) {
            Ids ids = new Ids();
            if (sites == null) {
                return ids;
            }
            for (JsonNode s : sites) {
                for (JsonNode r : s.path("rooms")) {
                    for (JsonNode a : r.path("aisles")) {
                        for (JsonNode k : a.path("racks")) {
                            if (k.path("devices").size() > 0) {
                                ids.site = s.path("id").asText();
                                ids.room = r.path("id").asText();
                                ids.aisle = a.path("id").asText();
                                ids.rack = k.path("id").asText();
                                ids.device = k.path("devices").get(0).path("id").asText();
                                return ids;
                            }
                        }
                    }
                }
            }
            return ids;
        }
    }
}
