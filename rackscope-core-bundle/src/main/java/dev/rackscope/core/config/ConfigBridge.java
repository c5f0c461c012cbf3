package dev.rackscope.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.plugin.RackscopePlugin;
import dev.rackscope.core.config.PluginSettingsResolver.Decision;
import dev.rackscope.core.config.PluginSettingsResolver.Switch;

/**
 * Keeps the YAML files (app.yaml and each plugin's dedicated file) and ConfigAdmin equal, both ways.
 *
 * <p>Files → ConfigAdmin: for every plugin id, the PID {@code dev.rackscope.plugin.<id>} exists exactly
 * while the plugin is enabled, and holds its flattened effective settings plus a revision. A change of
 * any file is picked up by the watcher and reconciled. ConfigAdmin → files: an edit made elsewhere (web
 * console, a script) is written back to the plugin's file, a deletion disables the plugin in app.yaml
 * and creating an absent configuration enables it. The bridge recognises the echo of its own updates
 * (the properties it last published) and never loops. All work runs on one thread, in order.
 */
@Component(service = {ConfigBridge.class, RackscopeConfig.class, ConfigWriter.class, ConfigurationListener.class},
        immediate = true)
public final class ConfigBridge implements RackscopeConfig, ConfigWriter, ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigBridge.class);
    private static final String REVISION = "rackscope.revision";
    private static final long WAIT_SECONDS = 30;

    /** A plugin as the files and bundles describe it. */
    public record PluginState(String id, Switch state, Path configFile, String fileError,
                              PluginBundle bundle) {
    }

    private final ConfigurationAdmin configAdmin;
    /** The app.yaml the server started with. */
    private final ConfigLocation startLocation;
    /** The active app.yaml: the start one until the setup wizard switches to a new profile. */
    private volatile ConfigLocation location;
    private final Path configHome;
    private final AtomicFileWriter writer;
    private final ExecutorService worker;
    private final BundleTracker<PluginBundle> bundles;
    private final ConfigWatcher watcher;
    private final AtomicLong revision = new AtomicLong();
    private final Map<Long, PluginBundle> pluginBundles = new ConcurrentHashMap<>();

    // Touched only on the worker thread.
    private final Map<String, Map<String, String>> lastPublished = new ConcurrentHashMap<>();
    /** False until the first reconcile: at start the files are the only truth. */
    private boolean initialized;
    private String lastAppYamlError;
    private final Map<String, String> lastFileErrors = new ConcurrentHashMap<>();

    // Read by request threads.
    private volatile Map<String, Object> appYaml;
    private volatile String appYamlError;
    private volatile Map<String, PluginState> states = Map.of();

    @Activate
    public ConfigBridge(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        this.configAdmin = configAdmin;
        this.startLocation = ConfigLocation.from(context.getProperty(ConfigLocation.PROPERTY));
        this.location = startLocation;
        this.configHome = ConfigLocation.configHome(context.getProperty(ConfigLocation.HOME_PROPERTY),
                System.getenv("RACKSCOPE_CONFIG_DIR"), startLocation);
        this.writer = new AtomicFileWriter(this::configRoots);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rackscope-config-bridge");
            t.setDaemon(true);
            return t;
        });
        LOG.info("Rackscope configuration: {}", location.appConfigFile());
        if (!Files.exists(location.appConfigFile())) {
            LOG.warn("{} does not exist: no plugin is enabled until it is created", location.appConfigFile());
        }
        this.bundles = new BundleTracker<>(context, Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING
                | Bundle.ACTIVE | Bundle.STOPPING, new PluginBundleCustomizer());
        this.bundles.open();
        submit(() -> {
            reconcile(false);
            return null;
        });
        this.watcher = new ConfigWatcher(50, 400, changed -> submit(() -> {
            reconcile(false);
            return null;
        }));
        Files.createDirectories(location.configDir());
        watcher.watch(List.of(location.configDir()));
    }

    @Deactivate
    void deactivate() {
        watcher.close();
        bundles.close();
        worker.shutdownNow();
    }

    // ---------------------------------------------------------------- RackscopeConfig

    @Override
    public Path appConfigFile() {
        return location.appConfigFile();
    }

    @Override
    public Path configDir() {
        return location.configDir();
    }

    /** The folder whose {@code profiles/} and {@code examples/} hold the configuration profiles. */
    public Path configHome() {
        return configHome;
    }

    /** True once the active app.yaml is no longer the one the server started with. */
    public boolean switchedFromStart() {
        return !location.equals(startLocation);
    }

    /**
     * Makes {@code appYaml} the active app.yaml (the setup wizard's new profile): every path, plugin file and
     * write of the server follows it, and every enabled plugin is reconfigured (new revision) before this
     * returns. The process environment is not touched; the switch lasts until the server stops.
     */
    public void activate(Path appYaml) {
        ConfigLocation next = new ConfigLocation(appYaml);
        call(() -> {
            if (next.equals(location)) {
                return null;
            }
            location = next;
            LOG.info("Active configuration is now {}", next.appConfigFile());
            watcher().ifPresent(w -> w.watch(List.of(next.configDir())));
            reconcile(true);
            return null;
        });
    }

    @Override
    public Optional<Map<String, Object>> appYaml() {
        return Optional.ofNullable(appYaml);
    }

    @Override
    public Map<String, Object> pluginSettings(String pluginId) {
        Map<String, Object> file;
        try {
            file = Yaml11.readMap(pluginConfigFile(pluginId));
        } catch (Yaml11.YamlFileException e) {
            file = null;
        }
        return PluginSettingsResolver.decide(appYaml, pluginId, file).settings();
    }

    @Override
    public Path pluginConfigFile(String pluginId) {
        PluginBundle bundle = bundleOf(pluginId);
        String rel = bundle != null ? bundle.configPath() : PluginBundle.defaultConfigPath(pluginId);
        return location.configDir().resolve(rel).normalize();
    }

    @Override
    public Path resolve(String path) {
        return location.resolve(path);
    }

    // ---------------------------------------------------------------- ConfigWriter

    @Override
    public void write(Path file, String content) throws IOException {
        writer.write(file, content);
    }

    @Override
    public void writeYaml(Path file, Object document, String header) throws IOException {
        writer.writeYaml(file, document, header);
    }

    @Override
    public Object readYaml(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        return Yaml11.parse(text, file.toString());
    }

    @Override
    public boolean isInConfigTree(Path file) {
        return writer.isInConfigTree(file);
    }

    private List<Path> configRoots() {
        List<Path> roots = new ArrayList<>();
        roots.add(location.configDir());
        Map<String, Object> yaml = appYaml;
        if (yaml != null && yaml.get("paths") instanceof Map<?, ?> paths) {
            for (Object p : paths.values()) {
                if (p instanceof String s && !s.isBlank()) {
                    roots.add(location.resolve(s));
                }
            }
        }
        return roots;
    }

    // ---------------------------------------------------------------- operations for the REST API

    /** The current state of every known plugin (named in app.yaml or declared by a bundle). */
    public Map<String, PluginState> pluginStates() {
        return states;
    }

    /** The last app.yaml error, or {@code null} when it loaded. */
    public String appYamlError() {
        return appYamlError;
    }

    /** Re-reads every file and reconciles now; with {@code touchAll}, every active plugin gets {@code @Modified}. */
    public void reloadNow(boolean touchAll) {
        call(() -> {
            reconcile(touchAll);
            return null;
        });
    }

    /**
     * Enables or disables a plugin as an operator would by editing app.yaml: sets
     * {@code plugins.<id>.enabled}; when enabling, also clears an {@code enabled: false} in the
     * plugin's own file. Takes effect before this method returns.
     */
    public void setEnabled(String pluginId, boolean enabled) {
        call(() -> {
            writeEnabled(pluginId, enabled);
            reconcile(false);
            return null;
        });
    }

    /** Replaces the plugin's dedicated file with {@code config} and applies it before returning. */
    public Path writePluginFile(String pluginId, Map<String, Object> config) {
        return call(() -> {
            Path file = pluginConfigFile(pluginId);
            writeYaml(file, config, header(pluginId));
            LOG.info("Wrote {} ({} keys)", file, config.size());
            reconcile(false);
            return file;
        });
    }

    // ---------------------------------------------------------------- ConfigurationListener

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        if (pid == null || !pid.startsWith(RackscopePlugin.PID_PREFIX) || event.getFactoryPid() != null) {
            return;
        }
        // Every decision is taken by reconcile, which compares ConfigAdmin with what the bridge last
        // published: the echo of our own update finds them equal, an edit made elsewhere does not.
        submit(() -> {
            reconcile(false);
            return null;
        });
    }

    /**
     * Applies changes made to ConfigAdmin by someone else since the bridge last published: an edited or
     * created configuration is written into the plugin's file (and enables the plugin in app.yaml); a
     * deleted one disables the plugin in app.yaml. Returns true when a file was written.
     */
    private boolean applyExternalChanges(String id) throws IOException {
        String pid = RackscopePlugin.PID_PREFIX + id;
        Configuration config = existing(pid);
        Map<String, String> published = lastPublished.get(pid);
        Dictionary<String, Object> props = config == null ? null : config.getProperties();
        if (props == null) {
            if (published == null) {
                return false;
            }
            lastPublished.remove(pid);
            LOG.info("Configuration {} deleted outside the files: disabling plugin '{}' in {}", pid, id,
                    location.appConfigFile());
            writeEnabled(id, false);
            return true;
        }
        Map<String, Object> incoming = toMap(props);
        if (canonical(incoming).equals(published)) {
            return false;
        }
        Path file = pluginConfigFile(id);
        Map<String, Object> fileMap;
        try {
            fileMap = Optional.ofNullable(Yaml11.readMap(file)).orElseGet(LinkedHashMap::new);
        } catch (Yaml11.YamlFileException e) {
            LOG.error("Cannot write the edit of {} to {}: the file does not parse ({}); the plugin runs with the "
                    + "edited settings until the file is fixed", pid, file, e.getMessage());
            lastPublished.put(pid, canonical(incoming));
            return false;
        }
        Decision decision = PluginSettingsResolver.decide(appYaml, id, fileMap);

        // Keys missing from the edit mean "unchanged": start from what the files say.
        Map<String, Object> flat = new TreeMap<>(FlatSettings.flatten(decision.settings()));
        Map<String, Object> before = new TreeMap<>(flat);
        incoming.forEach((k, v) -> {
            if (!FlatSettings.isFrameworkKey(k)) {
                flat.put(k, v);
            }
        });
        Map<String, Object> edited = FlatSettings.unflatten(flat);
        Map<String, Object> original = FlatSettings.unflatten(before);
        boolean fileChanged = false;
        for (Map.Entry<String, Object> e : edited.entrySet()) {
            if (!FlatSettings.canonical(flattenValue(e.getValue()))
                    .equals(FlatSettings.canonical(flattenValue(original.get(e.getKey()))))) {
                fileMap.put(e.getKey(), e.getValue());
                fileChanged = true;
            }
        }
        if (fileMap.containsKey("enabled") && !PluginSettingsResolver.truthy(fileMap.get("enabled"))) {
            fileMap.put("enabled", true);
            fileChanged = true;
        }
        if (fileChanged) {
            writeYaml(file, fileMap, header(id));
            LOG.info("Configuration {} edited outside the files: wrote the change to {}", pid, file);
        }
        lastPublished.remove(pid);
        if (decision.state() == Switch.DISABLED_IN_APP_CONFIG) {
            LOG.info("Configuration {} created outside the files: enabling plugin '{}' in {}", pid, id,
                    location.appConfigFile());
            writeEnabled(id, true);
            return true;
        }
        return fileChanged;
    }

    private static Object flattenValue(Object v) {
        return v instanceof Map<?, ?> m ? FlatSettings.flatten(castMap(m)) : v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    // ---------------------------------------------------------------- reconciliation

    /** Brings ConfigAdmin in line with the files. Runs on the worker thread only. */
    private void reconcile(boolean touchAll) throws IOException {
        loadAppYaml();
        Map<String, Object> yaml = appYaml;
        Set<String> ids = new TreeSet<>();
        if (yaml != null && yaml.get("plugins") instanceof Map<?, ?> plugins) {
            plugins.keySet().forEach(k -> ids.add(String.valueOf(k)));
        }
        Map<String, PluginBundle> tracked = bundleMap();
        ids.addAll(tracked.keySet());
        for (Configuration c : listPluginConfigs()) {
            ids.add(c.getPid().substring(RackscopePlugin.PID_PREFIX.length()));
        }

        Set<String> adopted = new java.util.HashSet<>();
        boolean filesAreTruth = !initialized;
        if (initialized) {
            boolean wrote = false;
            for (String id : ids) {
                if (applyExternalChanges(id)) {
                    wrote = true;
                    adopted.add(id);
                }
            }
            if (wrote) {
                loadAppYaml();
                yaml = appYaml;
            }
        }
        initialized = true;

        Map<String, PluginState> next = new LinkedHashMap<>();
        Set<Path> watchDirs = new LinkedHashSet<>();
        for (String id : ids) {
            Path file = pluginConfigFile(id);
            watchDirs.add(file.getParent());
            String pid = RackscopePlugin.PID_PREFIX + id;
            Map<String, Object> fileMap;
            String fileError = null;
            try {
                fileMap = Yaml11.readMap(file);
                if (lastFileErrors.remove(id) != null) {
                    LOG.info("{} parses again", file);
                }
            } catch (Yaml11.YamlFileException e) {
                fileError = e.getMessage();
                if (!fileError.equals(lastFileErrors.put(id, fileError))) {
                    LOG.error("Plugin '{}' keeps its current settings: {}", id, fileError);
                }
                next.put(id, new PluginState(id, previousSwitch(id), file, fileError, tracked.get(id)));
                continue;
            }
            Decision decision = PluginSettingsResolver.decide(yaml, id, fileMap);
            next.put(id, new PluginState(id, decision.state(), file, null, tracked.get(id)));
            if (decision.enabled()) {
                publish(pid, id, file, decision.settings(), touchAll, filesAreTruth || adopted.contains(id));
            } else {
                remove(pid, id, decision.state(), filesAreTruth || adopted.contains(id));
            }
        }
        states = Collections.unmodifiableMap(next);
        watcher().ifPresent(w -> w.watch(watchDirs));
    }

    private Switch previousSwitch(String id) {
        PluginState previous = states.get(id);
        return previous == null ? Switch.DISABLED_IN_PLUGIN_FILE : previous.state();
    }

    private Optional<ConfigWatcher> watcher() {
        return Optional.ofNullable(watcher);
    }

    private void loadAppYaml() {
        Path file = location.appConfigFile();
        try {
            Map<String, Object> loaded = Yaml11.readMap(file);
            if (loaded == null) {
                appYaml = null;
                appYamlError = "Config file not found: " + file;
            } else {
                appYaml = Collections.unmodifiableMap(loaded);
                appYamlError = null;
                if (lastAppYamlError != null) {
                    LOG.info("{} parses again", file);
                }
            }
            lastAppYamlError = null;
        } catch (Yaml11.YamlFileException e) {
            appYamlError = e.getMessage();
            if (!e.getMessage().equals(lastAppYamlError)) {
                LOG.error("Keeping the last good app.yaml: {}", e.getMessage());
            }
            lastAppYamlError = e.getMessage();
        }
    }

    /**
     * Makes ConfigAdmin hold {@code settings}. Unless {@code mayOverwrite}, a configuration that someone else
     * changed since the bridge last published (a change whose event is still on its way) is left alone: the
     * reconcile that event triggers adopts it first.
     */
    private void publish(String pid, String id, Path file, Map<String, Object> settings, boolean touch,
                         boolean mayOverwrite) throws IOException {
        Map<String, Object> props = new TreeMap<>(FlatSettings.flatten(settings));
        props.put("rackscope.plugin.id", id);
        props.put("rackscope.config.file", file.toString());
        props.put("rackscope.app.config", location.appConfigFile().toString());
        Configuration config = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> existing = config.getProperties();
        if (existing != null && !touch) {
            Map<String, Object> withoutRevision = toMap(existing);
            Object rev = withoutRevision.remove(REVISION);
            if (canonical(withoutRevision).equals(canonical(props))) {
                Map<String, Object> same = new TreeMap<>(props);
                same.put(REVISION, rev);
                lastPublished.put(pid, canonical(same));
                return;
            }
        }
        if (existing != null && !mayOverwrite && !canonical(toMap(existing)).equals(lastPublished.get(pid))) {
            LOG.debug("{} changed outside the bridge; adopting it on its event", pid);
            return;
        }
        props.put(REVISION, revision.incrementAndGet());
        lastPublished.put(pid, canonical(props));
        if (!"?".equals(config.getBundleLocation())) {
            config.setBundleLocation("?");
        }
        config.update(new Hashtable<>(props));
        LOG.info("Plugin '{}' {} (revision {})", id, existing == null ? "enabled" : "reconfigured",
                props.get(REVISION));
    }

    private void remove(String pid, String id, Switch why, boolean mayOverwrite) throws IOException {
        Configuration config = existing(pid);
        if (config != null && !mayOverwrite && config.getProperties() != null
                && !canonical(toMap(config.getProperties())).equals(lastPublished.get(pid))) {
            LOG.debug("{} created or changed outside the bridge; adopting it on its event", pid);
            return;
        }
        lastPublished.remove(pid);
        if (config == null) {
            return;
        }
        config.delete();
        LOG.info("Plugin '{}' disabled ({})", id,
                why == Switch.DISABLED_IN_PLUGIN_FILE ? "enabled: false in " + pluginConfigFile(id)
                        : "plugins." + id + ".enabled is not true in " + location.appConfigFile());
    }

    private Configuration existing(String pid) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad pid " + pid, e);
        }
    }

    private List<Configuration> listPluginConfigs() throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(
                    "(service.pid=" + RackscopePlugin.PID_PREFIX + "*)");
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the switch in app.yaml (keeping its layout) and, when enabling, in the plugin's file. */
    private void writeEnabled(String pluginId, boolean enabled) throws IOException {
        Path app = location.appConfigFile();
        String text;
        try {
            text = Files.readString(app, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = "";
        }
        YamlEdit.Result edited = YamlEdit.setPluginEnabled(text, pluginId, enabled);
        if (!edited.text().equals(text)) {
            writer.write(app, edited.text());
            if (!edited.layoutKept()) {
                LOG.warn("Rewrote {} to set plugins.{}.enabled; its comments could not be kept", app, pluginId);
            }
            LOG.info("Set plugins.{}.enabled: {} in {}", pluginId, enabled, app);
        }
        if (enabled) {
            Path file = pluginConfigFile(pluginId);
            Map<String, Object> fileMap = Yaml11.readMap(file);
            if (fileMap != null && fileMap.containsKey("enabled")
                    && !PluginSettingsResolver.truthy(fileMap.get("enabled"))) {
                String fileText = Files.readString(file, StandardCharsets.UTF_8);
                writer.write(file, YamlEdit.set(fileText, List.of("enabled"), true).text());
                LOG.info("Set enabled: true in {}", file);
            }
        }
    }

    private static String header(String pluginId) {
        return pluginId + " plugin configuration — managed by Rackscope";
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> toMap(Dictionary<String, Object> dict) {
        Map<String, Object> map = new TreeMap<>();
        for (Enumeration<String> keys = dict.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.startsWith("service.")) {
                map.put(key, dict.get(key));
            }
        }
        return map;
    }

    private static Map<String, String> canonical(Map<String, Object> props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> {
            if (!k.startsWith("service.") && !k.startsWith("felix.")) {
                out.put(k, FlatSettings.canonical(v));
            }
        });
        return out;
    }

    private PluginBundle bundleOf(String pluginId) {
        return bundleMap().get(pluginId);
    }

    private Map<String, PluginBundle> bundleMap() {
        Map<String, PluginBundle> map = new TreeMap<>();
        pluginBundles.values().forEach(b -> map.putIfAbsent(b.pluginId(), b));
        return map;
    }

    private <T> void submit(Callable<T> task) {
        if (worker.isShutdown()) {
            return;
        }
        worker.submit(() -> {
            try {
                return task.call();
            } catch (Exception e) {
                LOG.error("Configuration bridge task failed", e);
                return null;
            }
        });
    }

    private <T> T call(Callable<T> task) {
        try {
            return worker.submit(task).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("configuration bridge busy", e);
        }
    }

    private final class PluginBundleCustomizer implements org.osgi.util.tracker.BundleTrackerCustomizer<PluginBundle> {
        @Override
        public PluginBundle addingBundle(Bundle bundle, BundleEvent event) {
            PluginBundle plugin = PluginBundle.parse(bundle.getHeaders("").get(RackscopePlugin.MANIFEST_HEADER),
                    bundle.getBundleId(), bundle.getSymbolicName());
            if (plugin != null) {
                // recorded before the reconcile is queued: the tracker stores the object only after we return
                pluginBundles.put(bundle.getBundleId(), plugin);
                LOG.info("Plugin bundle {} provides plugin '{}'", bundle.getSymbolicName(), plugin.pluginId());
                submit(() -> {
                    reconcile(false);
                    return null;
                });
            }
            return plugin;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, PluginBundle plugin) {
            // identity comes from the manifest, which an update replaces through removed/added
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, PluginBundle plugin) {
            pluginBundles.remove(bundle.getBundleId());
            LOG.info("Plugin bundle {} ('{}') removed", bundle.getSymbolicName(), plugin.pluginId());
            submit(() -> {
                reconcile(false);
                return null;
            });
        }
    }

    @Override
    public String toString() {
        return "ConfigBridge[" + location.appConfigFile() + ", " + Objects.toString(states.keySet()) + "]";
    }
}
