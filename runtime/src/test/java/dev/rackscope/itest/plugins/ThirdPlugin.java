package dev.rackscope.itest.plugins;

import java.util.List;
import java.util.Map;

import dev.rackscope.api.http.ApiServlet;
import dev.rackscope.api.plugin.MenuContributor;
import dev.rackscope.api.plugin.MenuItem;
import dev.rackscope.api.plugin.MenuSection;
import dev.rackscope.api.plugin.RackscopePlugin;

/**
 * A third-party plugin as an OSGi developer would write it, packaged by {@link PluginJars} into a
 * bundle of its own during the test (with a hand-written DS descriptor) and dropped into deploy/.
 */
public class ThirdPlugin extends ApiServlet implements RackscopePlugin, MenuContributor {

    private static final long serialVersionUID = 1L;

    public ThirdPlugin() {
        get("/hello", r -> Map.of("hello", "from the third plugin"));
    }

    @Override
    public String id() {
        return "third";
    }

    @Override
    public String name() {
        return "Third";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public String description() {
        return "Built inside the integration test";
    }

    @Override
    public String author() {
        return "IT";
    }

    @Override
    public List<MenuSection> menuSections() {
        return List.of(new MenuSection("third", "Third", null,
                List.of(new MenuItem("third-home", "Home", "/third", null)), 120));
    }
}
