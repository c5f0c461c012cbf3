package dev.rackscope.core.telemetry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.api.telemetry.Severity;
import dev.rackscope.core.telemetry.CheckTargets.Targets;
import dev.rackscope.core.telemetry.QueryPlanner.BatchStats;
import dev.rackscope.core.telemetry.QueryPlanner.CheckQueries;
import dev.rackscope.core.telemetry.QueryPlanner.Plan;

/**
 * The telemetry planner (telemetry.md §2): runs the checks against Prometheus and rolls the results up
 * into a {@link HealthSnapshot}. It holds what must survive between cycles (the {@code for} debounce
 * state) and the last snapshot; everything else is rebuilt every cycle. Pure Java: the caller supplies
 * the query function (wired to the Prometheus client's health cache and a deadline; a query that fails or
 * is not answered in time must come back as an unsuccessful {@link QueryResult}).
 *
 * <p>Differences from the original, all deliberate (telemetry.md recommendations):
 * <ol>
 * <li>A {@code for} check that fired keeps a <em>firing</em> marker and stays fired while its severity is
 * unchanged, instead of going back to the held state for another full duration.</li>
 * <li>A key's series are reduced to their worst severity first, then the debounce runs once per
 * (check, key) per cycle, so an OK series no longer resets a failing one.</li>
 * <li>Virtual-node keys ({@code expand_by_label}), selector keys and target-only ids (a device without
 * {@code instance} targeted by its id) are valid pending keys, so {@code for} can fire on them.</li>
 * <li>Device states ({@link HealthSnapshot#deviceStates()}) are added.</li>
 * <li>A pending entry is purged when not updated for 86400 s (the original measured from the start of the
 * pending period, which also kept {@code for} durations of a day or more from ever firing).</li>
 * </ol>
 *
 * <p>Thread-safe: cycles run one at a time under one lock; {@link #snapshot} double-checks freshness
 * under that lock, so concurrent callers of a stale planner get the same fresh snapshot.
 */
public final class HealthPlanner {

    /** A pending entry not updated for this long is dropped. */
    public static final long PENDING_MAX_AGE_MILLIS = 86_400_000L;

    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdwy])\\n?",
            Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * The debounce state of one (check, key).
     *
     * @param severity    the severity being debounced
     * @param sinceMillis when that severity was first seen (planner clock)
     * @param firing      the duration elapsed and the severity is being reported
     */
    public record PendingState(Severity severity, long sinceMillis, boolean firing) {
    }

    private static final class Pending {
        Severity severity;
        long since;
        long touched;
        boolean firing;

        Pending(Severity severity, long now) {
            this.severity = severity;
            this.since = now;
            this.touched = now;
        }
    }

    private record Cached(Snapshot cfg, HealthSnapshot snapshot, long ttlMillis) {
    }

    /**
     * Runs one instant query of a cycle. {@code labels} names every label the planner reads from the answer's
     * series (the key labels of the checks using the expression); an implementation may drop the others.
     * Never expected to throw (a throw counts as a failure).
     */
    @FunctionalInterface
    public interface Query {
        QueryResult run(String promql, Set<String> labels);
    }

    private final LongSupplier clock;
    private final Executor executor;
    private final ReentrantLock lock = new ReentrantLock();
    /** check id → key → debounce state. Guarded by {@link #lock}. */
    private final Map<String, Map<String, Pending>> pending = new HashMap<>();
    private volatile Cached cached;
    private volatile BatchStats lastBatch;

    // per-configuration caches, guarded by lock
    private Topology idsTopology;
    private TopologyIds ids;
    private PlanState planState;

    /** A planner on a monotonic epoch-millisecond clock that runs queries on the calling thread. */
    public HealthPlanner() {
        this(monotonicEpochClock(), Runnable::run);
    }

    /** A planner on {@code clock} (epoch milliseconds) that runs queries on the calling thread. */
    public HealthPlanner(LongSupplier clock) {
        this(clock, Runnable::run);
    }

    /**
     * @param clock    epoch milliseconds; used for {@code generatedAt}, freshness and {@code for} durations
     * @param executor runs the queries of a cycle (bounded parallelism is the caller's choice); results are
     *                 always evaluated in query order, so the outcome does not depend on it
     */
    public HealthPlanner(LongSupplier clock, Executor executor) {
        this.clock = clock == null ? monotonicEpochClock() : clock;
        this.executor = executor == null ? Runnable::run : executor;
    }

    /** Epoch milliseconds that never go backwards: the wall clock at creation plus monotonic elapsed time. */
    public static LongSupplier monotonicEpochClock() {
        long base = System.currentTimeMillis() - System.nanoTime() / 1_000_000L;
        return () -> base + System.nanoTime() / 1_000_000L;
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * The cached snapshot while it is fresh ({@code now − generatedAt < planner.cache_ttl_seconds}) and was
     * computed from this same {@code cfg} object; otherwise a recompute (§2.14). The targets do not affect
     * freshness.
     */
    public HealthSnapshot snapshot(Snapshot cfg, Map<String, Targets> targets, Function<String, QueryResult> query) {
        return snapshot(cfg, targets, whole(query));
    }

    /** {@link #snapshot(Snapshot, Map, Function)} with a query told which labels are read. */
    public HealthSnapshot snapshot(Snapshot cfg, Map<String, Targets> targets, Query query) {
        Cached c = cached;
        if (fresh(c, cfg, clock.getAsLong())) {
            return c.snapshot();
        }
        lock.lock();
        try {
            c = cached;
            if (fresh(c, cfg, clock.getAsLong())) {
                return c.snapshot();
            }
            return recompute(cfg, targets, query, clock);
        } finally {
            lock.unlock();
        }
    }

    private static boolean fresh(Cached c, Snapshot cfg, long now) {
        return c != null && c.cfg() == cfg && now - c.snapshot().generatedAt() < c.ttlMillis();
    }

    /** The last snapshot computed, or {@code null}. */
    public HealthSnapshot current() {
        Cached c = cached;
        return c == null ? null : c.snapshot();
    }

    /** Drops the cached snapshot (the next {@link #snapshot} recomputes); the debounce state is kept. */
    public void invalidate() {
        cached = null;
    }

    /** Drops everything: the snapshot, the debounce state and the plan caches (as a new planner). */
    public void reset() {
        lock.lock();
        try {
            cached = null;
            lastBatch = null;
            pending.clear();
            idsTopology = null;
            ids = null;
            planState = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where the last cycle's time went, in ms: waiting for answers, evaluating them (overlapping the queries still
     * running), and the roll-up after the last one.
     */
    public record Timing(double waitingMs, double evaluatingMs, double rollUpMs) {
    }

    private volatile Timing lastTiming;

    /** The timing of the last cycle, or {@code null}. */
    public Timing lastTiming() {
        return lastTiming;
    }

    /** The statistics of the last cycle's plan ({@code record_planner_batch}), or {@code null}. */
    public BatchStats lastBatch() {
        return lastBatch;
    }

    /** Every debounce entry as {@code "checkId:key"} → state, firing ones included. */
    public Map<String, PendingState> pending() {
        lock.lock();
        try {
            Map<String, PendingState> out = new LinkedHashMap<>();
            pending.forEach((check, keys) -> keys.forEach((key, p) ->
                    out.put(check + ":" + key, new PendingState(p.severity, p.since, p.firing))));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The debounce entry of one (check, key), or {@code null}. */
    public PendingState pending(String checkId, String key) {
        lock.lock();
        try {
            Map<String, Pending> keys = pending.get(checkId);
            Pending p = keys == null ? null : keys.get(key);
            return p == null ? null : new PendingState(p.severity, p.since, p.firing);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A {@code for} duration in seconds: {@code <digits><s|m|h|d|w|y>} with s=1, m=60, h=3600, d=86400,
     * w=604800, y=31536000; anything else gives 0.
     */
    public static long durationSeconds(String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return 0;
        }
        long n = 0;
        String digits = m.group(1);
        for (int i = 0; i < digits.length(); i++) {
            n = n * 10 + Character.digit(digits.charAt(i), 10);
            if (n > Long.MAX_VALUE / 1_000_000_000L) {
                return Long.MAX_VALUE / 1000; // absurdly long: never elapses
            }
        }
        long unit = switch (m.group(2).charAt(0)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default -> 31_536_000; // y
        };
        return n * unit;
    }

    // ------------------------------------------------------------------ the cycle

    /** One cycle on the planner's clock (§2.6); the result also becomes the cached snapshot. */
    public HealthSnapshot recompute(Snapshot cfg, Map<String, Targets> targets, Function<String, QueryResult> query) {
        return recompute(cfg, targets, whole(query), clock);
    }

    /** One cycle (see {@link #recompute(Snapshot, Map, Function, LongSupplier)}). */
    public HealthSnapshot recompute(Snapshot cfg, Map<String, Targets> targets, Function<String, QueryResult> query,
                                    LongSupplier now) {
        return recompute(cfg, targets, whole(query), now);
    }

    private static Query whole(Function<String, QueryResult> query) {
        return (promql, labels) -> query.apply(promql);
    }

    /**
     * One cycle (§2.6); the result also becomes the cached snapshot.
     *
     * @param cfg     the loaded configuration: app config (planner settings), topology and checks library
     * @param targets check id → targets (template-scoped mode, what the endpoints pass), or {@code null} to run
     *                every check on the whole topology
     * @param query   runs one instant PromQL query; never expected to throw (a throw counts as a failure)
     * @param now     the clock for this cycle (epoch milliseconds)
     */
    public HealthSnapshot recompute(Snapshot cfg, Map<String, Targets> targets, Query query, LongSupplier now) {
        lock.lock();
        try {
            PlannerConfig pc = PlannerConfig.from(cfg.config());
            TopologyIds topo = topologyIds(cfg.topology());
            PlanState ps = planState(cfg.checks(), targets, topo, pc);
            lastBatch = ps.plan.stats();

            // Every query is sent at once (the executor bounds the parallelism); each answer is evaluated, in
            // plan order, as soon as it and those before it are in, so evaluation overlaps the remaining queries.
            Map<String, CompletableFuture<QueryResult>> futures = submitAll(ps, query);
            long t = now.getAsLong();
            purge(t, ps, topo);

            long started = System.nanoTime();
            long waiting = 0;
            Cycle cy = new Cycle(pc, topo);
            Map<String, QueryResult> results = new HashMap<>(futures.size() * 2);
            for (CheckQueries cq : ps.plan.discovery()) {
                cq.expressions().forEach(expr -> joinInto(results, expr, futures));
            }
            discover(cy, ps.plan, results);
            for (int i = 0; i < ps.plan.main().size(); i++) {
                long w = System.nanoTime();
                ps.plan.main().get(i).expressions().forEach(expr -> joinInto(results, expr, futures));
                waiting += System.nanoTime() - w;
                evaluate(cy, ps, i, results, t);
            }
            long rollUp = System.nanoTime();
            cy.propagate();
            cy.fillUnknowns(topo);
            cy.deriveRacks(topo);
            HealthSnapshot snapshot = cy.build(t, topo);
            long done = System.nanoTime();
            lastTiming = new Timing(waiting / 1_000_000.0, (rollUp - started - waiting) / 1_000_000.0,
                    (done - rollUp) / 1_000_000.0);
            cached = new Cached(cfg, snapshot, pc.cacheTtlSeconds() * 1000L);
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Builds the id lists and the query plan for a configuration ahead of the first cycle (the reload thread
     * calls it), so that the first health request after a reload only queries and evaluates.
     */
    public void prepare(Snapshot cfg, Map<String, Targets> targets) {
        lock.lock();
        try {
            planState(cfg.checks(), targets, topologyIds(cfg.topology()), PlannerConfig.from(cfg.config()));
        } finally {
            lock.unlock();
        }
    }

    private TopologyIds topologyIds(Topology topology) {
        if (ids == null || idsTopology != topology) {
            ids = TopologyIds.of(topology);
            idsTopology = topology;
        }
        return ids;
    }

    /** A plan with what is derived from it, reused while its inputs are the same objects. */
    private static final class PlanState {
        final List<CheckDefinition> checks;
        final Map<String, Targets> targets;
        final TopologyIds ids;
        final PlannerConfig config;
        final Plan plan;
        final RuleEvaluator[] evaluators;
        final long[] forMillis; // -1: no for
        final Map<String, List<CheckDefinition>> checksById = new HashMap<>();
        final Map<String, Set<String>> targetSets = new HashMap<>();
        /** expression → the labels read from its series, over every check using it. */
        final Map<String, Set<String>> labels = new HashMap<>();

        PlanState(List<CheckDefinition> checks, Map<String, Targets> targets, TopologyIds ids, PlannerConfig config) {
            this.checks = checks;
            this.targets = targets;
            this.ids = ids;
            this.config = config;
            this.plan = QueryPlanner.plan(checks, targets, ids, config);
            int n = plan.main().size();
            evaluators = new RuleEvaluator[n];
            forMillis = new long[n];
            for (int i = 0; i < n; i++) {
                CheckDefinition c = plan.main().get(i).check();
                evaluators[i] = RuleEvaluator.of(c);
                forMillis[i] = QueryPlanner.notEmpty(c.forDuration()) ? durationSeconds(c.forDuration()) * 1000L : -1;
            }
            for (CheckDefinition c : checks) {
                checksById.computeIfAbsent(c.id(), k -> new ArrayList<>(1)).add(c);
            }
            for (CheckQueries cq : plan.discovery()) {
                addLabels(cq, names(config.identityLabel(), cq.check().expandByLabel()));
            }
            for (CheckQueries cq : plan.main()) {
                addLabels(cq, keyLabels(cq.check(), config));
            }
            labels.replaceAll((k, v) -> Set.copyOf(v));
        }

        private void addLabels(CheckQueries cq, Set<String> names) {
            for (String expr : cq.expressions()) {
                labels.computeIfAbsent(expr, k -> new HashSet<>(4)).addAll(names);
            }
        }

        boolean sameInputs(List<CheckDefinition> c, Map<String, Targets> t, TopologyIds i, PlannerConfig p) {
            // targets are usually the same cached map; an equal rebuilt one (cheap to compare) reuses the plan too
            return checks == c && ids == i && config.equals(p) && (targets == t || Objects.equals(targets, t));
        }

        Set<String> targetSet(String checkId, String scope) {
            if (targets == null) {
                return Set.of();
            }
            return targetSets.computeIfAbsent(checkId + "\u0000" + scope, k -> {
                Targets tg = targets.get(checkId);
                return tg == null ? Set.of() : new HashSet<>(tg.forScope(scope));
            });
        }
    }

    private PlanState planState(List<CheckDefinition> checks, Map<String, Targets> targets, TopologyIds topo,
                                PlannerConfig pc) {
        if (planState == null || !planState.sameInputs(checks, targets, topo, pc)) {
            planState = new PlanState(checks, targets, topo, pc);
        }
        return planState;
    }

    /**
     * The labels {@link #evaluate} reads from a main check's series: the identity label and the
     * {@code expand_by_label} label, else the first selector, else the scope's label.
     */
    static Set<String> keyLabels(CheckDefinition check, PlannerConfig config) {
        if (QueryPlanner.notEmpty(check.expandByLabel())) {
            return names(config.identityLabel(), check.expandByLabel());
        }
        String key = check.selectors() != null && !check.selectors().isEmpty() ? check.selectors().get(0)
                : config.labelFor(check.scope());
        return key == null ? Set.of() : Set.of(key);
    }

    private static Set<String> names(String a, String b) {
        return a.equals(b) ? Set.of(a) : Set.of(a, b);
    }

    /** Sends every distinct non-empty expression of the plan (discovery first); identical ones once. */
    private Map<String, CompletableFuture<QueryResult>> submitAll(PlanState ps, Query query) {
        LinkedHashMap<String, CompletableFuture<QueryResult>> futures = new LinkedHashMap<>();
        for (List<CheckQueries> list : List.of(ps.plan.discovery(), ps.plan.main())) {
            for (CheckQueries cq : list) {
                for (String expr : cq.expressions()) {
                    if (!expr.isEmpty() && !futures.containsKey(expr)) {
                        futures.put(expr, submit(expr, ps.labels.get(expr), query));
                    }
                }
            }
        }
        return futures;
    }

    /** Waits for one expression's answer (once) and records it; a failed or missing answer counts as no data. */
    private static void joinInto(Map<String, QueryResult> results, String expr,
                                 Map<String, CompletableFuture<QueryResult>> futures) {
        CompletableFuture<QueryResult> f = futures.get(expr);
        if (f == null || results.containsKey(expr)) {
            return;
        }
        QueryResult r;
        try {
            r = f.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            r = failure(String.valueOf(cause.getMessage()));
        }
        results.put(expr, r == null ? failure("no result") : r);
    }

    private CompletableFuture<QueryResult> submit(String expr, Set<String> labels, Query query) {
        try {
            return CompletableFuture.supplyAsync(() -> query.run(expr, labels), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(failure("query rejected: " + e.getMessage()));
        }
    }

    private static QueryResult failure(String message) {
        return new QueryResult(false, null, List.of(), message, null);
    }

    /** Step 0: drop debounce entries whose check or key is gone, or that were not updated for a day. */
    private void purge(long now, PlanState ps, TopologyIds topo) {
        for (Iterator<Map.Entry<String, Map<String, Pending>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Map<String, Pending>> e = it.next();
            List<CheckDefinition> defs = ps.checksById.get(e.getKey());
            if (defs == null) {
                it.remove();
                continue;
            }
            e.getValue().entrySet().removeIf(k -> now - k.getValue().touched > PENDING_MAX_AGE_MILLIS
                    || !validKey(defs, k.getKey(), ps, topo));
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    private static boolean validKey(List<CheckDefinition> defs, String key, PlanState ps, TopologyIds topo) {
        for (CheckDefinition c : defs) {
            if (QueryPlanner.notEmpty(c.expandByLabel())) {
                String label = c.expandByLabel();
                for (int i = key.indexOf(':'); i >= 0; i = key.indexOf(':', i + 1)) {
                    if (key.startsWith(label, i + 1)) {
                        String parent = key.substring(0, i);
                        if (topo.nodeSet().contains(parent) || ps.targetSet(c.id(), "node").contains(parent)) {
                            return true;
                        }
                    }
                }
            } else if (c.selectors() != null && !c.selectors().isEmpty()) {
                return true; // keyed by a label value of the check's own choosing: only the age limit applies
            } else if (topo.idSet(c.scope()).contains(key) || ps.targetSet(c.id(), c.scope()).contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** Step 1: the discovery pre-pass of {@code expand_by_label} checks. */
    private static void discover(Cycle cy, Plan plan, Map<String, QueryResult> results) {
        String identity = cy.config.identityLabel();
        for (CheckQueries cq : plan.discovery()) {
            CheckDefinition check = cq.check();
            String label = check.expandByLabel();
            Severity absent = Severity.parse(check.expandAbsentState());
            Severity state = absent == null ? cy.unknown : absent;
            for (String expr : cq.expressions()) {
                QueryResult r = expr.isEmpty() ? null : results.get(expr);
                if (r == null || !r.success()) {
                    continue;
                }
                for (Series s : r.result()) {
                    Map<String, String> labels = s.labels();
                    if (labels == null) {
                        continue;
                    }
                    String inst = labels.get(identity);
                    String value = labels.get(label);
                    if (inst == null || inst.isEmpty() || value == null) {
                        continue;
                    }
                    String vkey = inst + ":" + label + value;
                    cy.nodeStates.put(vkey, state);
                    cy.register(inst, check, vkey);
                }
            }
        }
    }

    /** Step 2 for one check: key, severity, worst per key, debounce once per key, record. */
    private void evaluate(Cycle cy, PlanState ps, int index, Map<String, QueryResult> results, long now) {
        CheckQueries cq = ps.plan.main().get(index);
        CheckDefinition check = cq.check();
        String expand = QueryPlanner.notEmpty(check.expandByLabel()) ? check.expandByLabel() : null;
        String scope = expand != null ? "node" : check.scope();
        Scope target = cy.scope(scope);
        if (target == null) {
            return; // unknown scope: nothing is recorded
        }
        String identity = cy.config.identityLabel();
        String keyLabel = check.selectors() != null && !check.selectors().isEmpty() ? check.selectors().get(0)
                : cy.config.labelFor(scope);
        RuleEvaluator evaluator = ps.evaluators[index];
        LinkedHashMap<String, Severity> worst = null;
        for (String expr : cq.expressions()) {
            QueryResult r = expr.isEmpty() ? null : results.get(expr);
            if (r == null || !r.success()) {
                continue;
            }
            for (Series s : r.result()) {
                Map<String, String> labels = s.labels();
                if (labels == null) {
                    continue;
                }
                String key;
                if (expand != null) {
                    String inst = labels.get(identity);
                    String value = labels.get(expand);
                    if (inst == null || inst.isEmpty() || value == null) {
                        continue;
                    }
                    key = inst + ":" + expand + value;
                    cy.register(inst, check, key);
                } else {
                    key = labels.get(keyLabel);
                    if (key == null || key.isEmpty()) {
                        continue;
                    }
                }
                if (worst == null) {
                    worst = new LinkedHashMap<>();
                }
                worst.merge(key, evaluator.evaluate(s), Severity::worse);
            }
        }
        if (worst == null) {
            return;
        }
        long forMillis = ps.forMillis[index];
        for (Map.Entry<String, Severity> e : worst.entrySet()) {
            String key = e.getKey();
            Severity sev = forMillis < 0 ? clearPending(check.id(), key, e.getValue())
                    : debounce(check.id(), key, e.getValue(), forMillis, target.states, now);
            target.record(key, check.id(), sev);
        }
    }

    private Severity clearPending(String checkId, String key, Severity sev) {
        if (!pending.isEmpty()) {
            Map<String, Pending> keys = pending.get(checkId);
            if (keys != null && keys.remove(key) != null && keys.isEmpty()) {
                pending.remove(checkId);
            }
        }
        return sev;
    }

    /** §2.9 with the firing marker: the severity to record for one (check, key) this cycle. */
    private Severity debounce(String checkId, String key, Severity sev, long forMillis, Map<String, Severity> states,
                              long now) {
        if (sev != Severity.WARN && sev != Severity.CRIT) {
            return clearPending(checkId, key, sev);
        }
        Map<String, Pending> keys = pending.computeIfAbsent(checkId, k -> new HashMap<>());
        Pending p = keys.get(key);
        if (p == null) {
            keys.put(key, new Pending(sev, now));
            return hold(states, key);
        }
        p.touched = now;
        if (p.severity != sev) {
            p.severity = sev;
            p.since = now;
            p.firing = false;
            return hold(states, key);
        }
        if (p.firing || now - p.since >= forMillis) {
            p.firing = true;
            return sev;
        }
        return hold(states, key);
    }

    /** What this cycle already recorded for the key in the scope's map, else the literal UNKNOWN. */
    private static Severity hold(Map<String, Severity> states, String key) {
        Severity s = states.get(key);
        return s == null ? Severity.UNKNOWN : s;
    }

    // ------------------------------------------------------------------ per-cycle maps

    /** The maps of one scope. */
    private static final class Scope {
        final Map<String, Severity> states;
        final Set<String> seen;
        final Map<String, Map<String, Severity>> checks;
        final Map<String, Map<String, Severity>> alerts = new LinkedHashMap<>();

        /** @param expected the ids the topology has for this scope: the maps are sized once, not grown 15 times */
        Scope(int expected) {
            int capacity = Math.max(16, (int) (expected / 0.75f) + 1);
            states = new LinkedHashMap<>(capacity);
            seen = new HashSet<>(capacity);
            checks = new LinkedHashMap<>(capacity);
        }

        /** §2.10: worst-wins state, "seen", worst-wins per-check entry, and the alert for WARN/CRIT. */
        void record(String key, String checkId, Severity sev) {
            states.merge(key, sev, Severity::worse);
            seen.add(key);
            checks.computeIfAbsent(key, k -> new LinkedHashMap<>(4)).merge(checkId, sev, HealthPlanner::atLeast);
            if (sev == Severity.WARN || sev == Severity.CRIT) {
                alerts.computeIfAbsent(key, k -> new LinkedHashMap<>(4)).merge(checkId, sev, HealthPlanner::atLeast);
            }
        }

        void fill(List<String> ids, Severity unknown) {
            for (String id : ids) {
                if (!seen.contains(id)) {
                    states.putIfAbsent(id, unknown);
                }
            }
        }
    }

    /** The new value replaces the entry when it ranks at least as high (worst-wins, ties to the newer). */
    private static Severity atLeast(Severity old, Severity candidate) {
        return candidate.ordinal() >= old.ordinal() ? candidate : old;
    }

    /** A parent instance's virtual nodes for one check. */
    private static final class VirtualGroup {
        final String parent;
        final Integer critThreshold;
        final Set<String> vkeys = new LinkedHashSet<>();

        VirtualGroup(String parent, Integer critThreshold) {
            this.parent = parent;
            this.critThreshold = critThreshold;
        }
    }

    /** Everything one cycle builds. */
    private static final class Cycle {
        final PlannerConfig config;
        final Severity unknown;
        final Scope node;
        final Scope chassis;
        final Scope rack;
        final Map<String, Severity> nodeStates;
        final Map<String, VirtualGroup> groups = new LinkedHashMap<>();
        Map<String, Map<String, Severity>> deviceStates;

        Cycle(PlannerConfig config, TopologyIds topo) {
            this.config = config;
            this.unknown = config.unknownState();
            this.node = new Scope(topo.nodeIds().size());
            this.chassis = new Scope(topo.chassisIds().size());
            this.rack = new Scope(topo.rackIds().size());
            this.nodeStates = node.states;
        }

        Scope scope(String scope) {
            if (scope == null) {
                return null;
            }
            return switch (scope) {
                case "node" -> node;
                case "chassis" -> chassis;
                case "rack" -> rack;
                default -> null;
            };
        }

        void register(String parent, CheckDefinition check, String vkey) {
            groups.computeIfAbsent(parent + "\u0000" + check.id(),
                    k -> new VirtualGroup(parent, check.expandCritThreshold())).vkeys.add(vkey);
        }

        /** Step 3 (§2.11). */
        void propagate() {
            for (VirtualGroup g : groups.values()) {
                int crit = 0;
                int warn = 0;
                boolean any = false;
                for (String vkey : g.vkeys) {
                    Severity s = nodeStates.get(vkey);
                    if (s == null) {
                        continue;
                    }
                    any = true;
                    if (s == Severity.CRIT) {
                        crit++;
                    } else if (s == Severity.WARN) {
                        warn++;
                    }
                }
                if (!any) {
                    continue;
                }
                Severity effective;
                if (crit > 0) {
                    effective = g.critThreshold != null && crit < g.critThreshold ? Severity.WARN : Severity.CRIT;
                } else if (warn > 0) {
                    effective = Severity.WARN;
                } else {
                    continue;
                }
                nodeStates.merge(g.parent, effective, Severity::worse);
            }
        }

        /** Step 4 (§2.12). */
        void fillUnknowns(TopologyIds topo) {
            node.fill(topo.nodeIds(), unknown);
            chassis.fill(topo.chassisIds(), unknown);
            rack.fill(topo.rackIds(), unknown);
        }

        /** Step 5 (§2.13). */
        void deriveRacks(TopologyIds topo) {
            Map<String, Severity> rackStates = rack.states;
            for (Map.Entry<String, List<String>> e : topo.rackNodes().entrySet()) {
                RollUp.Aggregate agg = new RollUp.Aggregate();
                for (String n : e.getValue()) {
                    agg.add(nodeStates.getOrDefault(n, unknown));
                }
                Severity a = agg.result(unknown);
                Severity existing = rackStates.get(e.getKey());
                if (a == Severity.WARN || a == Severity.CRIT) {
                    rackStates.put(e.getKey(), Severity.worse(existing, a));
                } else if (existing == null) {
                    rackStates.put(e.getKey(), a);
                } else if (existing == unknown && a != unknown) {
                    rackStates.put(e.getKey(), a);
                }
            }
        }

        /** Device states (§3.2, the port's addition). */
        void deriveDevices(TopologyIds topo) {
            deviceStates = new LinkedHashMap<>();
            for (TopologyIds.DeviceNodes d : topo.devices()) {
                RollUp.Aggregate agg = new RollUp.Aggregate();
                for (String n : d.nodes()) {
                    agg.add(nodeStates.getOrDefault(n, unknown));
                }
                if (d.nodes().isEmpty()) {
                    Severity own = nodeStates.get(d.deviceId()); // a target-only node keyed by the device id
                    if (own != null) {
                        agg.add(own);
                    }
                }
                if (chassis.checks.containsKey(d.deviceId())) {
                    agg.add(chassis.states.get(d.deviceId()));
                }
                deviceStates.computeIfAbsent(d.rackId(), k -> new LinkedHashMap<>()).put(d.deviceId(),
                        agg.result(unknown));
            }
        }

        HealthSnapshot build(long generatedAt, TopologyIds topo) {
            deriveDevices(topo);
            return new HealthSnapshot(generatedAt, node.states, chassis.states, rack.states, ro(deviceStates),
                    topo.rackNodes(), ro(node.checks), ro(chassis.checks), ro(rack.checks), ro(node.alerts),
                    ro(chassis.alerts), ro(rack.alerts));
        }

        private static Map<String, Map<String, Severity>> ro(Map<String, Map<String, Severity>> m) {
            m.replaceAll((k, v) -> Collections.unmodifiableMap(v));
            return m;
        }
    }
}
