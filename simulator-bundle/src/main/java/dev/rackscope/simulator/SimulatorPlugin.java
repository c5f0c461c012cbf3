package dev.rackscope.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiException;
import dev.rackscope.api.http.ApiRequest;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.plugin.MenuContributor;
import dev.rackscope.api.plugin.MenuItem;
import dev.rackscope.api.plugin.MenuSection;
import dev.rackscope.api.plugin.RackscopePlugin;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The simulator plugin: identity, the "Simulator" menu section and the eight {@code /api/simulator} routes
 * (simulator.md §2). Active only while the config bridge publishes PID {@code dev.rackscope.plugin.simulator};
 * the metric generator is a separate component on the same PID ({@link Generator}), reached through
 * {@link GeneratorControl}.
 */
@Component(service = {RackscopePlugin.class, MenuContributor.class, Servlet.class},
        configurationPolicy = ConfigurationPolicy.REQUIRE, configurationPid = SimulatorPlugin.PID)
@Designate(ocd = SimulatorSettings.class)
@HttpWhiteboardServletPattern("/api/simulator/*")
public final class SimulatorPlugin extends ApiServlet implements RackscopePlugin, MenuContributor {

    private static final long serialVersionUID = 1L;
    static final String PID = "dev.rackscope.plugin.simulator";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorPlugin.class);

    private static final MenuSection MENU = new MenuSection("simulator", "Simulator", "Sparkles",
            List.of(new MenuItem("simulator-control", "Control Panel", "/simulator", "Sliders")), 200);

    /** {@code GET /metrics} without a display library (§2.2). */
    private static final List<Map<String, Object>> FALLBACK_METRICS = List.of(
            metric("up", "Node Up", "bool", "health"),
            metric("node_temperature_celsius", "Node Temperature", "°C", "temperature"),
            metric("node_power_watts", "Node Power", "W", "power"),
            metric("node_load_percent", "Node Load", "%", "performance"),
            metric("node_health_status", "Node Health Status", "enum", "health"));

    private final transient SnapshotService snapshots;
    private final transient OverridesStore overrides;
    private final transient LongSupplier nowSeconds;
    private transient volatile SimulatorConfig config;
    private transient volatile GeneratorControl generator;

    @Activate
    public SimulatorPlugin(@Reference RackscopeConfig rackscope, @Reference ConfigWriter writer,
                           @Reference SnapshotService snapshots, Map<String, Object> properties) {
        this(rackscope, writer, snapshots, properties, () -> System.currentTimeMillis() / 1000);
    }

    /** For tests: with a clock. */
    SimulatorPlugin(RackscopeConfig rackscope, ConfigWriter writer, SnapshotService snapshots,
                    Map<String, Object> properties, LongSupplier nowSeconds) {
        this.snapshots = snapshots;
        this.nowSeconds = nowSeconds;
        this.config = SimulatorConfig.from(FlatSettings.unflatten(properties));
        this.overrides = new OverridesStore(rackscope, writer, () -> config.overridesPath(), nowSeconds);
        LOG.info("Simulator plugin active (mode {}, interval {} s, overrides {})", config.incidentMode(),
                config.updateIntervalSeconds(), config.overridesPath());
        get("/status", this::status);
        get("/metrics", r -> metrics());
        post("/restart", r -> restart());
        post("/incidents", r -> incident(r.jsonObject()));
        get("/overrides", r -> body(overrides.list()));
        post("/overrides", r -> addOverride(r.jsonObject()));
        delete("/overrides", r -> body(overrides.clear()));
        delete("/overrides/{override_id}", r -> body(overrides.remove(r.path("override_id"))));
    }

    @Modified
    void modified(Map<String, Object> properties) {
        this.config = SimulatorConfig.from(FlatSettings.unflatten(properties));
        LOG.info("Simulator plugin reconfigured (revision {})", properties.get("rackscope.revision"));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindGenerator(GeneratorControl control) {
        this.generator = control;
    }

    void unbindGenerator(GeneratorControl control) {
        if (this.generator == control) {
            this.generator = null;
        }
    }

    public SimulatorConfig config() {
        return config;
    }

    @Override
    public String id() {
        return "simulator";
    }

    @Override
    public String name() {
        return "Simulator";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "Demo mode with metric overrides and test scenarios";
    }

    @Override
    public String author() {
        return "Rackscope Team";
    }

    @Override
    public Map<String, Object> defaultConfig() {
        return SimulatorConfig.from(Map.of()).toMap();
    }

    @Override
    public Map<String, Object> effectiveConfig() {
        return config.toMap();
    }

    @Override
    public List<MenuSection> menuSections() {
        return List.of(MENU);
    }

    // --- routes ---------------------------------------------------------------------------------------

    /**
     * §2.1, fixed per §6.9: {@code running} is the generator's own state (component active, loop scheduled,
     * a recent tick), and {@code overrides_count} counts active overrides only (§6.3).
     */
    private Map<String, Object> status(ApiRequest r) {
        SimulatorConfig c = config;
        GeneratorControl g = generator;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("running", g != null && g.status().running());
        body.put("endpoint", endpoint(r.servletRequest()));
        body.put("update_interval", c.updateIntervalSeconds());
        body.put("incident_mode", c.incidentMode());
        body.put("changes_per_hour", c.changesPerHour());
        body.put("overrides_count", overrides.activeCount());
        return body;
    }

    /** The exposition URL as the caller reached this server. */
    static String endpoint(HttpServletRequest req) {
        String host = req.getServerName();
        if (host != null && host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String context = req.getContextPath() == null ? "" : req.getContextPath();
        return req.getScheme() + "://" + host + ":" + req.getServerPort() + context + ExpositionServlet.PATH;
    }

    private Map<String, Object> metrics() {
        Snapshot s = snapshots.current();
        if (s.config() == null) {
            return Map.of("metrics", FALLBACK_METRICS);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (MetricDefinition m : s.metrics()) {
            list.add(metric(m.id(), m.name(), m.display() == null ? null : m.display().unit(), m.category()));
        }
        return Map.of("metrics", list);
    }

    /**
     * §2.3: restarts the generator component in process (no control port, no token, §6.10). 503 when it is
     * not active, 502 when the restart itself failed.
     */
    private Map<String, Object> restart() {
        GeneratorControl g = generator;
        if (g == null) {
            throw new ApiException(503,
                    "Could not reach simulator control server: the generator component is not active");
        }
        try {
            g.restart();
        } catch (RuntimeException e) {
            LOG.warn("Simulator restart failed", e);
            throw new ApiException(502, "Simulator returned unexpected status");
        }
        return Map.of("status", "restarting");
    }

    private Map<String, Object> incident(JsonNode body) {
        long now = nowSeconds.getAsLong();
        OverrideRequests.NewIncident incident = OverrideRequests.incident(body, now);
        Map<String, Object> out = new LinkedHashMap<>();
        if (incident == null) {
            out.put("status", "not_implemented");
            out.put("message", "Aisle cooling incidents not yet supported via API");
            return out;
        }
        overrides.add(null, incident.idBase(), incident::entry);
        out.put("status", "triggered");
        out.put("incident_type", "rack_down");
        out.put("target_id", incident.targetId());
        out.put("duration", incident.duration());
        out.put("expires_at", incident.expiresAt());
        return out;
    }

    private Map<String, Object> addOverride(JsonNode body) {
        Snapshot s = snapshots.current();
        OverrideRequests.NewOverride o = OverrideRequests.override(body,
                OverrideRequests.validMetrics(s.config() == null ? null : s.metrics()), config.defaultTtlSeconds(),
                nowSeconds.getAsLong());
        return body(overrides.add(o.id(), o.idBase(), o::entry));
    }

    private static Map<String, Object> body(List<Object> entries) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("overrides", entries);
        return body;
    }

    private static Map<String, Object> metric(String id, String name, String unit, String category) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("unit", unit);
        m.put("category", category);
        return m;
    }
}
