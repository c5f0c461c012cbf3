package dev.rackscope.core.plugins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.plugin.MenuContributor;
import dev.rackscope.api.plugin.MenuSection;
import dev.rackscope.api.plugin.RackscopePlugin;

/**
 * The live set of registered plugins and menu contributors. Services come and go with their
 * components; nothing here is cached beyond the service objects themselves.
 */
@Component(service = PluginRegistry.class)
public final class PluginRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    /** Keyed by service id, so that registration order is kept and removal is exact. */
    private final Map<Long, RackscopePlugin> plugins = new ConcurrentSkipListMap<>();
    private final Map<Long, MenuContributor> contributors = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removePlugin")
    void addPlugin(RackscopePlugin plugin, Map<String, Object> props) {
        plugins.put(serviceId(props), plugin);
        LOG.info("Plugin '{}' registered", safeId(plugin));
    }

    void removePlugin(RackscopePlugin plugin, Map<String, Object> props) {
        if (plugins.remove(serviceId(props)) != null) {
            LOG.info("Plugin '{}' unregistered", safeId(plugin));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeContributor")
    void addContributor(MenuContributor contributor, Map<String, Object> props) {
        contributors.put(serviceId(props), contributor);
    }

    void removeContributor(MenuContributor contributor, Map<String, Object> props) {
        contributors.remove(serviceId(props));
    }

    /** Registered plugins, sorted by id. */
    public List<RackscopePlugin> plugins() {
        List<RackscopePlugin> list = new ArrayList<>(plugins.values());
        list.sort(Comparator.comparing(PluginRegistry::safeId));
        return list;
    }

    public Optional<RackscopePlugin> plugin(String id) {
        return plugins.values().stream().filter(p -> id.equals(safeId(p))).findFirst();
    }

    /** Every contributed section, sorted by order (stable); a contributor that throws is skipped. */
    public List<MenuSection> menu() {
        List<MenuSection> sections = new ArrayList<>();
        for (MenuContributor c : contributors.values()) {
            try {
                List<MenuSection> contributed = c.menuSections();
                if (contributed != null) {
                    contributed.stream().filter(s -> s != null).forEach(sections::add);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Menu contributor {} failed; it contributes nothing: {}", c.getClass().getName(), e.toString());
            }
        }
        sections.sort(Comparator.comparingInt(MenuSection::order));
        return sections;
    }

    private static long serviceId(Map<String, Object> props) {
        return ((Number) props.get("service.id")).longValue();
    }

    private static String safeId(RackscopePlugin p) {
        try {
            return p.id();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
