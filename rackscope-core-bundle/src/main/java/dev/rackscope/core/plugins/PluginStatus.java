package dev.rackscope.core.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.rackscope.core.config.ConfigBridge;
import dev.rackscope.core.config.ConfigBridge.PluginState;
import dev.rackscope.core.config.PluginSettingsResolver.Switch;

/**
 * Explains the state of every known plugin: active, disabled by which file, failed with which error,
 * or bundle not installed.
 */
final class PluginStatus {

    /**
     * JSON: {@code {id, state, detail, file_error}}; state is active, disabled, failed, not_installed, waiting or
     * starting; {@code file_error} says why the plugin's dedicated file does not parse (the plugin then keeps
     * its last good settings), {@code null} when it parses.
     */
    record Entry(String id, String state, String detail,
                 @com.fasterxml.jackson.annotation.JsonProperty("file_error") String fileError) {

        Entry(String id, String state, String detail) {
            this(id, state, detail, null);
        }

        Entry withFileError(String error) {
            return error == null ? this : new Entry(id, state, detail, error);
        }
    }

    private PluginStatus() {
    }

    static List<Entry> all(PluginRegistry registry, ConfigBridge bridge, ServiceComponentRuntime scr,
                           BundleContext context) {
        TreeSet<String> ids = new TreeSet<>(bridge.pluginStates().keySet());
        registry.plugins().forEach(p -> ids.add(p.id()));
        List<Entry> out = new ArrayList<>();
        for (String id : ids) {
            out.add(of(id, registry, bridge, scr, context));
        }
        return out;
    }

    static Entry of(String id, PluginRegistry registry, ConfigBridge bridge, ServiceComponentRuntime scr,
                    BundleContext context) {
        PluginState state = bridge.pluginStates().get(id);
        Entry entry = explain(id, state, registry, bridge, scr, context);
        return entry == null || state == null ? entry : entry.withFileError(state.fileError());
    }

    private static Entry explain(String id, PluginState state, PluginRegistry registry, ConfigBridge bridge,
                                 ServiceComponentRuntime scr, BundleContext context) {
        if (registry.plugin(id).isPresent()) {
            return new Entry(id, "active", "Plugin '" + id + "' is active");
        }
        if (state == null) {
            return null;
        }
        if (state.state() == Switch.DISABLED_IN_APP_CONFIG) {
            return new Entry(id, "disabled", "Plugin '" + id + "' is disabled: plugins." + id
                    + ".enabled is not true in " + bridge.appConfigFile());
        }
        if (state.state() == Switch.DISABLED_IN_PLUGIN_FILE) {
            return new Entry(id, "disabled", "Plugin '" + id + "' is disabled: " + state.configFile()
                    + " says enabled: false" + (state.fileError() == null ? "" : " (" + state.fileError() + ")"));
        }
        if (state.bundle() == null) {
            return new Entry(id, "not_installed", "Plugin '" + id
                    + "' is enabled but no installed bundle provides it (copy its jar into deploy/)");
        }
        Bundle bundle = context.getBundle(state.bundle().bundleId());
        if (bundle != null && scr != null) {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        return new Entry(id, "failed", "Plugin '" + id + "' failed to activate: " + c.failure);
                    }
                    if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        return new Entry(id, "waiting", "Plugin '" + id + "' is waiting for a service it needs ("
                                + d.name + ")");
                    }
                }
            }
        }
        String bundleState = bundle == null ? "gone" : switch (bundle.getState()) {
            case Bundle.INSTALLED -> "installed but not resolved";
            case Bundle.RESOLVED -> "resolved but not started";
            case Bundle.STARTING -> "starting";
            case Bundle.ACTIVE -> "active";
            default -> "stopping";
        };
        return new Entry(id, "starting", "Plugin '" + id + "' is enabled but not registered yet (bundle "
                + state.bundle().symbolicName() + " is " + bundleState + ")");
    }
}
