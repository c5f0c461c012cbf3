package dev.rackscope.simulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.FlatSettings;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotListener;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.simulator.generator.Exposition;
import dev.rackscope.simulator.generator.MetricCatalog;
import dev.rackscope.simulator.generator.MetricOverride;
import dev.rackscope.simulator.generator.Simulation;
import dev.rackscope.simulator.generator.Targets;

/**
 * The in-process metric generator (simulator.md §3), replacing the original's separate container. Active
 * only while the plugin's configuration exists (same PID as {@link SimulatorPlugin}).
 *
 * <p>The process series ({@code process_resident_memory_bytes}, {@code process_cpu_seconds_total}…) are
 * sampled at each tick and appended to its exposition.
 *
 * <p>One daemon thread ticks at {@code update_interval_seconds} (a fixed rate, so the period does not drift,
 * §6.13). Each tick builds the complete exposition and publishes it with one volatile write, so a scrape
 * never sees half a tick. Configuration changes ({@code @Modified}), catalog file edits and topology
 * reloads ({@link SnapshotListener}) are picked up at the next tick without a restart (§6.11); a failing
 * tick is logged and the previous exposition keeps serving (§6.12).
 */
@Component(service = {GeneratorControl.class, SnapshotListener.class}, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE, configurationPid = SimulatorPlugin.PID)
public final class Generator implements GeneratorControl, SnapshotListener {

    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

    private final SnapshotService snapshots;
    private final RackscopeConfig rackscope;
    private final ConfigWriter writer;
    private final LongSupplier clockMillis;
    private final Object lifecycle = new Object();

    private volatile SimulatorConfig config;
    private final AtomicBoolean configDirty = new AtomicBoolean();
    private final AtomicBoolean catalogDirty = new AtomicBoolean();
    private final AtomicBoolean targetsDirty = new AtomicBoolean();
    private final AtomicBoolean resetRequested = new AtomicBoolean(true);

    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> loop;
    private int scheduledInterval;

    private volatile Exposition exposition = Exposition.EMPTY;
    private volatile long lastTickAtMillis;
    private volatile long lastTickNanos;
    private volatile long lastTickCpuNanos = -1;
    private volatile String lastError;

    // tick thread only
    private Simulation simulation;
    private long builtGeneration = -1;
    private Map<Path, Long> catalogStamps = Map.of();
    private Path overridesPath;
    private String overridesStamp;
    private Object overridesDocument;

    @Activate
    public Generator(@Reference SnapshotService snapshots, @Reference RackscopeConfig rackscope,
                     @Reference ConfigWriter writer, Map<String, Object> properties) {
        this(snapshots, rackscope, writer, properties, System::currentTimeMillis);
        start();
    }

    /** For tests: a generator that does not tick until {@link #tickOnce()} or {@link #start()} is called. */
    Generator(SnapshotService snapshots, RackscopeConfig rackscope, ConfigWriter writer,
              Map<String, Object> properties, LongSupplier clockMillis) {
        this.snapshots = snapshots;
        this.rackscope = rackscope;
        this.writer = writer;
        this.clockMillis = clockMillis;
        this.config = configFrom(properties);
    }

    private static SimulatorConfig configFrom(Map<String, Object> properties) {
        SimulatorConfig c = SimulatorConfig.from(FlatSettings.unflatten(properties));
        c.problems().forEach(p -> LOG.warn("Simulator setting out of range: {}", p));
        return c;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        SimulatorConfig previous = config;
        config = configFrom(properties);
        configDirty.set(true);
        if (!previous.catalogPaths().equals(config.catalogPaths())) {
            catalogDirty.set(true);
        }
        synchronized (lifecycle) {
            if (scheduler != null && scheduledInterval != config.generatorSettings().intervalSeconds()) {
                long sinceLast = lastTickAtMillis == 0 ? 0 : clockMillis.getAsLong() - lastTickAtMillis;
                long delay = Math.max(0, config.generatorSettings().intervalSeconds() * 1000L - sinceLast);
                loop.cancel(false);
                schedule(delay);
            }
        }
        LOG.info("Simulator generator reconfigured: mode {}, interval {} s", config.incidentMode(),
                config.updateIntervalSeconds());
    }

    /** Stops the loop without waiting: a tick in progress ends on its own and publishes to nobody. */
    @Deactivate
    void deactivate() {
        synchronized (lifecycle) {
            if (scheduler != null) {
                scheduler.shutdown();
                scheduler = null;
                loop = null;
            }
        }
        LOG.info("Simulator generator stopped");
    }

    /** Starts the tick loop; the first tick runs at once. */
    void start() {
        synchronized (lifecycle) {
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "rackscope-simulator");
                    t.setDaemon(true);
                    return t;
                });
                schedule(0);
            }
        }
    }

    private void schedule(long initialDelayMillis) {
        scheduledInterval = config.generatorSettings().intervalSeconds();
        loop = scheduler.scheduleAtFixedRate(this::tickOnce, initialDelayMillis, scheduledInterval * 1000L,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the loop and waits for a tick in progress, so that two ticks never run at once. */
    private void stopLoop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        loop = null;
    }

    @Override
    public void restart() {
        synchronized (lifecycle) {
            stopLoop();
            resetRequested.set(true);
            lastTickAtMillis = 0;
            start();
        }
        LOG.info("Simulator generator restarted");
    }

    @Override
    public void snapshotChanged(Snapshot previous, Snapshot current) {
        targetsDirty.set(true);
    }

    @Override
    public Exposition exposition() {
        return exposition;
    }

    @Override
    public GeneratorStatus status() {
        int interval = config.generatorSettings().intervalSeconds();
        boolean scheduled;
        synchronized (lifecycle) {
            scheduled = scheduler != null && !scheduler.isShutdown();
        }
        long last = lastTickAtMillis;
        boolean ticking = last > 0 && clockMillis.getAsLong() - last <= (2L * interval + 10) * 1000;
        Exposition e = exposition;
        return new GeneratorStatus(scheduled && ticking, e.tick(), last, lastTickNanos, lastTickCpuNanos, interval,
                e.series(), e.length(), e.gzipLength(), lastError);
    }

    /** One tick: apply pending changes, read the overrides, step the simulation, publish. Never throws. */
    void tickOnce() {
        long t0 = System.nanoTime();
        long c0 = threadCpu();
        try {
            Exposition e = advance();
            exposition = e;
            lastTickNanos = System.nanoTime() - t0;
            long c1 = threadCpu();
            lastTickCpuNanos = c0 < 0 || c1 < 0 ? -1 : c1 - c0;
            lastTickAtMillis = clockMillis.getAsLong();
            lastError = null;
        } catch (Exception | StackOverflowError | LinkageError e) {
            lastError = String.valueOf(e);
            LOG.warn("Simulator tick failed; the previous exposition keeps serving", e);
        }
    }

    private Exposition advance() {
        Snapshot snapshot = snapshots.current();
        if (resetRequested.getAndSet(false) || simulation == null) {
            configDirty.set(false);
            catalogDirty.set(false);
            targetsDirty.set(false);
            SimulatorConfig c = config;
            simulation = new Simulation(c.generatorSettings(), loadCatalog(c), targets(snapshot),
                    new SecureRandom().nextLong(), LOG::warn);
            builtGeneration = snapshot.generation();
            overridesStamp = null;
        } else {
            if (configDirty.getAndSet(false)) {
                simulation.reconfigure(config.generatorSettings());
            }
            if (catalogDirty.getAndSet(false) || catalogFilesChanged()) {
                simulation.recatalog(loadCatalog(config));
            }
            if (targetsDirty.getAndSet(false) || snapshot.generation() != builtGeneration) {
                simulation.retarget(targets(snapshot));
                builtGeneration = snapshot.generation();
            }
        }
        return simulation.step(overrides(), ProcessMetrics.render());
    }

    private Targets targets(Snapshot snapshot) {
        Targets t = Targets.fromTopology(snapshot.topology(), snapshot.catalog(), snapshot.index());
        t.warnings().forEach(w -> LOG.warn("Simulator: {}", w));
        return t;
    }

    /**
     * Reads the catalogs (§3.2). A file that cannot be found or read is reported once per load; when no file
     * yields an entry, the built-in default catalog is used.
     */
    private MetricCatalog loadCatalog(SimulatorConfig c) {
        List<Object> documents = new ArrayList<>();
        Map<Path, Long> stamps = new LinkedHashMap<>();
        for (String raw : c.catalogPaths()) {
            Path path = PluginPaths.resolve(rackscope, raw);
            stamps.put(path, stamp(path));
            try {
                Object doc = rackscope.readYaml(path);
                if (doc == null) {
                    LOG.warn("Simulator catalog '{}' not found (resolved to {})", raw, path);
                } else {
                    documents.add(doc);
                }
            } catch (IOException e) {
                LOG.warn("Simulator catalog '{}' unreadable: {}", raw, e.getMessage());
            }
        }
        catalogStamps = stamps;
        MetricCatalog catalog = MetricCatalog.fromDocuments(documents, w -> LOG.warn("Simulator: {}", w));
        if (catalog.isEmpty()) {
            LOG.warn("Simulator catalogs {} yield no metric; using the built-in default catalog", c.catalogPaths());
            return MetricCatalog.defaults();
        }
        return catalog;
    }

    private boolean catalogFilesChanged() {
        for (Map.Entry<Path, Long> e : catalogStamps.entrySet()) {
            if (stamp(e.getKey()) != e.getValue()) {
                return true;
            }
        }
        return false;
    }

    private static long stamp(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The overrides in force now, from the one overrides file the API writes. The file is parsed again only
     * when its size or time changes; a file that cannot be parsed keeps the last good list (§6.1).
     */
    private List<MetricOverride> overrides() {
        Path path;
        try {
            path = PluginPaths.overridesFile(rackscope, writer, config.overridesPath());
        } catch (java.nio.file.InvalidPathException e) {
            return MetricOverride.active(overridesDocument, clockMillis.getAsLong() / 1000); // last good ones
        }
        String stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            stamp = a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            stamp = "absent";
        }
        if (!path.equals(overridesPath) || !Objects.equals(stamp, overridesStamp)) {
            try {
                overridesDocument = rackscope.readYaml(path);
                overridesPath = path;
                overridesStamp = stamp;
            } catch (IOException e) {
                LOG.warn("Overrides file unreadable, keeping the last good overrides: {}", e.getMessage());
            }
        }
        return MetricOverride.active(overridesDocument, clockMillis.getAsLong() / 1000);
    }

    private static long threadCpu() {
        try {
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The simulation, for tests in this package. */
    Simulation simulation() {
        return simulation;
    }
}
