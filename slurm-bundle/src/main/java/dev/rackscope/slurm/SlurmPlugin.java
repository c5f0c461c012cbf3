package dev.rackscope.slurm;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.plugin.MenuContributor;
import dev.rackscope.api.plugin.MenuItem;
import dev.rackscope.api.plugin.MenuSection;
import dev.rackscope.api.plugin.RackscopePlugin;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.api.telemetry.PrometheusClient;
import jakarta.servlet.Servlet;

/**
 * The Slurm workload plugin: identity, the "Workload" menu section and the nine {@code /api/slurm} routes
 * (slurm.md §4), whose bodies {@link SlurmViews} builds. Active only while the config bridge publishes PID
 * {@code dev.rackscope.plugin.slurm}; invalid settings fail the activation with a message naming each key.
 */
@Component(service = {RackscopePlugin.class, MenuContributor.class, Servlet.class},
        configurationPolicy = ConfigurationPolicy.REQUIRE, configurationPid = SlurmPlugin.PID)
@Designate(ocd = SlurmSettings.class)
@HttpWhiteboardServletPattern("/api/slurm/*")
public final class SlurmPlugin extends ApiServlet implements RackscopePlugin, MenuContributor {

    private static final long serialVersionUID = 1L;
    static final String PID = "dev.rackscope.plugin.slurm";
    private static final Logger LOG = LoggerFactory.getLogger(SlurmPlugin.class);

    private static final MenuSection MENU = new MenuSection("workload", "Workload", "Zap", List.of(
            new MenuItem("slurm-overview", "Overview", "/slurm/overview", "Activity"),
            new MenuItem("slurm-wallboard", "Room Wallboard", "/slurm/wallboard", "Columns"),
            new MenuItem("slurm-partitions", "Partitions", "/slurm/partitions", "Server"),
            new MenuItem("slurm-nodes", "Nodes", "/slurm/nodes", "HardDrive"),
            new MenuItem("slurm-alerts", "Alerts", "/slurm/alerts", "AlertTriangle")), 50);

    private final transient SlurmViews views;

    @Activate
    public SlurmPlugin(@Reference RackscopeConfig rackscope, @Reference ConfigWriter writer,
                       @Reference PrometheusClient prometheus, @Reference SnapshotService snapshots,
                       Map<String, Object> properties) {
        SlurmConfig config = SlurmConfig.from(FlatSettings.unflatten(properties)); // invalid: activation fails
        this.views = new SlurmViews(prometheus, snapshots, rackscope, writer, config);
        get("/rooms/{room_id}/nodes", r -> views.roomNodes(r.path("room_id")));
        get("/summary", r -> views.summary(r.query("room_id")));
        get("/partitions", r -> views.partitions(r.query("room_id")));
        get("/nodes", r -> views.nodes(r.query("room_id")));
        get("/mapping", r -> views.mapping());
        post("/mapping", r -> views.saveMapping(r.jsonObject()));
        get("/metrics/catalog", r -> views.catalog());
        post("/metrics/catalog/config", r -> views.setCatalogs(r.jsonObject()));
        get("/metrics/data", r -> views.metricData(r.query("metric_id")));
    }

    /**
     * New settings from the bridge: config, status map and metrics catalog are replaced together. Invalid
     * settings are refused with the reason in the log; the last valid ones keep serving.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        SlurmConfig config;
        try {
            config = SlurmConfig.from(FlatSettings.unflatten(properties));
        } catch (SlurmConfig.InvalidConfigException e) {
            LOG.error("{}; the previous Slurm settings stay in force", e.getMessage());
            return;
        }
        LOG.info("Slurm plugin reconfigured (revision {})", properties.get("rackscope.revision"));
        views.configure(config);
    }

    /** The current settings. */
    public SlurmConfig config() {
        return views.live().config();
    }

    @Override
    public String id() {
        return "slurm";
    }

    @Override
    public String name() {
        return "Slurm Workload";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "Job scheduling and node monitoring via Slurm workload manager";
    }

    @Override
    public String author() {
        return "Rackscope Team";
    }

    @Override
    public Map<String, Object> defaultConfig() {
        return SlurmConfig.from(Map.of()).toMap();
    }

    @Override
    public Map<String, Object> effectiveConfig() {
        return config().toMap();
    }

    @Override
    public List<MenuSection> menuSections() {
        return List.of(MENU);
    }
}
