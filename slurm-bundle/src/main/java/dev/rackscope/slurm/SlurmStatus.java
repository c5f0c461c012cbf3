package dev.rackscope.slurm;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slurm state normalisation (slurm.md §3.4), severity from a {@code status_map} (§3.5) and the
 * worst-wins rank (§3.6).
 *
 * <p>Unlike the original, which knew only {@code *}, every sinfo suffix flag is stripped from the
 * status (§7.1): {@code idle~} is {@code idle}, powered off. {@code *} (not responding) keeps its
 * meaning: the node is CRIT whatever its state. The other flags are reported separately, and a
 * {@code status_map} entry may still name a flagged state ({@code idle~} in {@code warn}), which
 * then wins over the plain state. Map entries are normalised like reported states (case, aliases,
 * §7.2), so {@code alloc} or {@code IDLE} in a map now match.
 *
 * <p>Instances are immutable and thread-safe; {@link #classify} caches per raw label value.
 */
public final class SlurmStatus {

    /** Slurm's state suffix flags, as sinfo appends them (see {@link #FLAG_MEANINGS}). */
    public static final String FLAG_CHARS = "*~#!%$@^-";

    /** What each suffix flag means (Slurm's sinfo documentation). */
    public static final Map<Character, String> FLAG_MEANINGS = Map.of(
            '*', "not responding",
            '~', "powered off",
            '#', "powering up or being configured",
            '!', "pending power down",
            '%', "powering down",
            '$', "in a maintenance reservation",
            '@', "pending reboot",
            '^', "reboot issued",
            '-', "planned by the backfill scheduler");

    /** Short Slurm state names and their long form. */
    public static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("alloc", "allocated"), Map.entry("comp", "completing"), Map.entry("drng", "draining"),
            Map.entry("failg", "failing"), Map.entry("futr", "future"), Map.entry("mix", "mixed"),
            Map.entry("plnd", "planned"), Map.entry("pow_dn", "power_down"), Map.entry("pow_up", "power_up"),
            Map.entry("resv", "reserved"), Map.entry("unk", "unknown"), Map.entry("block", "blocked"),
            Map.entry("maint", "maint"));

    public static final String OK = "OK";
    public static final String WARN = "WARN";
    public static final String CRIT = "CRIT";
    public static final String INFO = "INFO";
    public static final String UNKNOWN = "UNKNOWN";

    private static final int CACHE_LIMIT = 4096;

    /**
     * A normalised state.
     *
     * @param status lower-cased, trimmed, flags removed, alias resolved ({@code ""} for an empty input)
     * @param star   the state carried {@code *} (not responding)
     * @param flags  the suffix flags as written, in order ({@code "*"}, {@code "~"}, {@code ""}…)
     */
    public record Normalized(String status, boolean star, String flags) {

        /** The status with its flags other than {@code *}: the key a status map entry may name. */
        String flaggedKey() {
            String f = flags.replace("*", "");
            return f.isEmpty() ? status : status + f;
        }
    }

    /** A classified raw state: its normal form, severity and rank. */
    public record Classified(String status, boolean star, String flags, String severity, int rank) {
    }

    private final Map<String, String> severityByState;
    private final Map<String, Classified> cache = new ConcurrentHashMap<>();

    /** @param statusMap {@code ok}, {@code warn}, {@code crit}, {@code info} lists (missing lists are empty) */
    public SlurmStatus(Map<String, List<String>> statusMap) {
        Map<String, String> m = new HashMap<>();
        // Lowest priority first, so that crit > warn > ok > info overwrites (§3.5 rule order).
        put(m, statusMap.get("info"), INFO);
        put(m, statusMap.get("ok"), OK);
        put(m, statusMap.get("warn"), WARN);
        put(m, statusMap.get("crit"), CRIT);
        this.severityByState = Map.copyOf(m);
    }

    private static void put(Map<String, String> m, List<String> states, String severity) {
        if (states != null) {
            for (String s : states) {
                m.put(normalize(s).flaggedKey(), severity);
            }
        }
    }

    /**
     * §3.4 with every suffix flag: trim, lower-case, strip the trailing flags, resolve the alias.
     * {@code null} and {@code ""} give {@code ("", false, "")}.
     */
    public static Normalized normalize(String raw) {
        String s = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        int end = s.length();
        while (end > 0 && FLAG_CHARS.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        String flags = s.substring(end);
        String base = s.substring(0, end);
        return new Normalized(ALIASES.getOrDefault(base, base), flags.indexOf('*') >= 0, flags);
    }

    /**
     * §3.5: {@code *} → CRIT; then the flagged state ({@code idle~}) if the map names it, then the plain
     * state, crit before warn before ok before info; else UNKNOWN.
     */
    public String severity(Normalized n) {
        if (n.star()) {
            return CRIT;
        }
        String key = n.flaggedKey();
        String sev = key.equals(n.status()) ? null : severityByState.get(key);
        if (sev == null) {
            sev = severityByState.get(n.status());
        }
        return sev == null ? UNKNOWN : sev;
    }

    /** Normalises and classifies a raw label value (cached: a cluster reports few distinct values). */
    public Classified classify(String raw) {
        String key = raw == null ? "" : raw;
        Classified c = cache.get(key);
        if (c == null) {
            Normalized n = normalize(raw);
            String sev = severity(n);
            c = new Classified(n.status(), n.star(), n.flags(), sev, rank(sev));
            if (cache.size() < CACHE_LIMIT) {
                cache.put(key, c);
            }
        }
        return c;
    }

    /** §3.6: UNKNOWN 0, OK 1, WARN 2, CRIT 3; anything else (INFO included) 0. */
    public static int rank(String severity) {
        if (severity == null) {
            return 0;
        }
        return switch (severity) {
            case OK -> 1;
            case WARN -> 2;
            case CRIT -> 3;
            default -> 0;
        };
    }
}
