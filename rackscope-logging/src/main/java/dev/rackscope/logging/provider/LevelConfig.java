package dev.rackscope.logging.provider;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.event.Level;

/**
 * Threshold per logger: {@code rackscope.log.level} (system property, else the environment variable
 * {@code RACKSCOPE_LOG_LEVEL}, default INFO) for everything, {@code rackscope.log.level.<prefix>} for a
 * logger name prefix; Jetty defaults to WARN (its own per-request chatter).
 */
final class LevelConfig {

    private final Level root;
    /** prefix → level, longest prefix wins. */
    private final TreeMap<String, Level> prefixes = new TreeMap<>();

    LevelConfig(Map<String, String> properties, String envLevel) {
        String rootText = properties.get("rackscope.log.level");
        if (rootText == null || rootText.isBlank()) {
            rootText = envLevel;
        }
        this.root = parse(rootText, Level.INFO);
        prefixes.put("org.eclipse.jetty", Level.WARN);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey().startsWith("rackscope.log.level.")) {
                Level l = parse(e.getValue(), null);
                if (l != null) {
                    prefixes.put(e.getKey().substring("rackscope.log.level.".length()), l);
                }
            }
        }
    }

    static LevelConfig fromSystem() {
        Map<String, String> props = new TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("rackscope.log.level")) {
                props.put(name, System.getProperty(name));
            }
        }
        return new LevelConfig(props, System.getenv("RACKSCOPE_LOG_LEVEL"));
    }

    Level levelFor(String logger) {
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if ((logger.equals(prefix) || logger.startsWith(prefix + "."))
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? root : prefixes.get(best);
    }

    /** Accepts the wire names and SLF4J's (WARNING/WARN, CRITICAL as ERROR, TRACE). */
    static Level parse(String text, Level fallback) {
        if (text == null) {
            return fallback;
        }
        switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE": return Level.TRACE;
            case "DEBUG": return Level.DEBUG;
            case "INFO": return Level.INFO;
            case "WARN":
            case "WARNING": return Level.WARN;
            case "ERROR":
            case "CRITICAL": return Level.ERROR;
            default: return fallback;
        }
    }
}
