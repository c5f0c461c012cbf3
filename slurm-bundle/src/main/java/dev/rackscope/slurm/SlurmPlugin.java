package dev.rackscope.slurm;

import java.io.IOException;
import java.util.LinkedHashMap;
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

import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.plugin.MenuContributor;
import dev.rackscope.api.plugin.MenuItem;
import dev.rackscope.api.plugin.MenuSection;
import dev.rackscope.api.plugin.RackscopePlugin;
import jakarta.servlet.Servlet;

/**
 * The Slurm workload plugin: identity, the "Workload" menu section and the {@code /api/slurm} routes.
 * Active only while the config bridge publishes PID {@code dev.rackscope.plugin.slurm}.
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

    private final transient RackscopeConfig rackscope;
    private transient volatile SlurmConfig config;

    @Activate
    public SlurmPlugin(@Reference RackscopeConfig rackscope, Map<String, Object> properties) {
        this.rackscope = rackscope;
        this.config = SlurmConfig.from(FlatSettings.unflatten(properties));
        LOG.info("Slurm plugin active (metric {}, mapping {})", config.metric(), config.mappingPath());
        get("/mapping", r -> mapping());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        this.config = SlurmConfig.from(FlatSettings.unflatten(properties));
        LOG.info("Slurm plugin reconfigured (revision {})", properties.get("rackscope.revision"));
    }

    /** The current settings. */
    public SlurmConfig config() {
        return config;
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
        return config.toMap();
    }

    @Override
    public List<MenuSection> menuSections() {
        return List.of(MENU);
    }

    private Map<String, Object> mapping() {
        String path = config.mappingPath();
        List<Map<String, Object>> entries = List.of();
        if (path != null) {
            try {
                entries = NodeMapping.entries(rackscope.readYaml(rackscope.resolve(path)));
            } catch (IOException e) {
                LOG.warn("Node mapping unreadable, using none: {}", e.getMessage());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mapping_path", path);
        body.put("entries", entries);
        return body;
    }
}
