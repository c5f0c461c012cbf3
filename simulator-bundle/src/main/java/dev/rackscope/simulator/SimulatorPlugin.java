package dev.rackscope.simulator;

import java.io.IOException;
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
 * The simulator plugin: identity, the "Simulator" menu section and the {@code /api/simulator} routes.
 * Active only while the config bridge publishes PID {@code dev.rackscope.plugin.simulator}.
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

    private final transient RackscopeConfig rackscope;
    private transient volatile SimulatorConfig config;

    @Activate
    public SimulatorPlugin(@Reference RackscopeConfig rackscope, Map<String, Object> properties) {
        this.rackscope = rackscope;
        this.config = SimulatorConfig.from(FlatSettings.unflatten(properties));
        LOG.info("Simulator plugin active (mode {}, interval {} s)", config.incidentMode(),
                config.updateIntervalSeconds());
        get("/overrides", r -> Map.of("overrides", overrides()));
    }

    @Modified
    void modified(Map<String, Object> properties) {
        this.config = SimulatorConfig.from(FlatSettings.unflatten(properties));
        LOG.info("Simulator plugin reconfigured (revision {})", properties.get("rackscope.revision"));
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

    /** The overrides file's list as written, expired entries included; anything unreadable is empty. */
    private List<Object> overrides() {
        try {
            Object doc = rackscope.readYaml(rackscope.resolve(config.overridesPath()));
            if (doc instanceof Map<?, ?> m && m.get("overrides") instanceof List<?> list) {
                return List.copyOf(list);
            }
        } catch (IOException e) {
            LOG.warn("Overrides file unreadable, reporting none: {}", e.getMessage());
        }
        return List.of();
    }
}
