package dev.rackscope.core.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import dev.rackscope.core.config.ConfigLocation;
import dev.rackscope.core.config.PluginSettingsResolver;
import dev.rackscope.core.config.Yaml11;

/**
 * Run by {@code bin/rackscope} before the framework starts (plain class path, no OSGi): tells whether the
 * demo Prometheus should be started for this app.yaml — the simulator plugin is enabled and
 * {@code telemetry.prometheus_url} is empty — and offers a free loopback port for it.
 *
 * <p>Prints {@code demo <port>} or {@code no <reason>}; never fails (an unreadable app.yaml prints {@code no}).
 */
public final class DemoCheck {

    private DemoCheck() {
    }

    public static void main(String[] args) {
        System.out.println(decide(Paths.get(args.length > 0 ? args[0] : "config/app.yaml")));
    }

    static String decide(Path appYaml) {
        Map<String, Object> doc;
        try {
            doc = Yaml11.readMap(appYaml);
        } catch (IOException e) {
            return "no app.yaml-unreadable";
        }
        if (doc == null) {
            return "no app.yaml-missing";
        }
        if (doc.get("telemetry") instanceof Map<?, ?> t && t.get("prometheus_url") instanceof String url
                && !url.isBlank()) {
            return "no prometheus_url-set";
        }
        ConfigLocation location = new ConfigLocation(appYaml);
        Map<String, Object> pluginFile;
        try {
            pluginFile = Yaml11.readMap(location.configDir().resolve("plugins/simulator/config/plugin.yaml"));
        } catch (IOException e) {
            pluginFile = null;
        }
        if (!PluginSettingsResolver.decide(doc, "simulator", pluginFile).enabled()) {
            return "no simulator-disabled";
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return "demo " + s.getLocalPort();
        } catch (IOException e) {
            return "no no-free-port";
        }
    }
}
