package dev.rackscope.core.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.core.telemetry.CheckTargets.Targets;

/**
 * Turns the checks library into PromQL strings (telemetry.md §2.5 and the discovery pre-pass of §2.6).
 *
 * <p>For each check, in library order: in targets mode the check's own target lists are used (the
 * check is skipped when it has no entry, or when the list of its own scope is empty); without targets
 * the whole topology's lists. The placeholders {@code $jobs} ({@code [job_regex]}), {@code $instances}
 * (node ids), {@code $racks} and {@code $chassis} are substituted in that order: a placeholder that no
 * expression holds is skipped, an empty id list gives {@code .*}, otherwise each expression holding it
 * becomes one expression per chunk of {@code max_ids_per_query} ids (so several placeholders give the
 * cross product). Empty expressions are kept (they count in the batch stats) but never sent.
 */
public final class QueryPlanner {

    public static final String JOBS = "$jobs";
    public static final String INSTANCES = "$instances";
    public static final String RACKS = "$racks";
    public static final String CHASSIS = "$chassis";

    private QueryPlanner() {
    }

    /** The expressions of one check, in order. */
    public record CheckQueries(CheckDefinition check, List<String> expressions) {
        public CheckQueries {
            expressions = List.copyOf(expressions);
        }
    }

    /**
     * What {@code record_planner_batch} gets: the unique ids planned, the number of main expressions
     * (discovery excluded, empty ones included) and the chunk size.
     */
    public record BatchStats(int totalIds, int queryCount, int maxIdsPerQuery) {
    }

    /**
     * One cycle's queries.
     *
     * @param main      per check with queries, in library order
     * @param discovery per {@code expand_by_label} check with a discovery expression, in library order
     * @param stats     the batch statistics
     */
    public record Plan(List<CheckQueries> main, List<CheckQueries> discovery, BatchStats stats) {
        public Plan {
            main = List.copyOf(main);
            discovery = List.copyOf(discovery);
        }

        /** Every main expression in order, empty ones included. */
        public List<String> mainExpressions() {
            List<String> out = new ArrayList<>();
            main.forEach(q -> out.addAll(q.expressions()));
            return out;
        }

        /** Every discovery expression in order. */
        public List<String> discoveryExpressions() {
            List<String> out = new ArrayList<>();
            discovery.forEach(q -> out.addAll(q.expressions()));
            return out;
        }
    }

    /**
     * Plans one cycle.
     *
     * @param checks  the checks library
     * @param targets check id → targets (targets mode), or {@code null} to use the whole topology
     * @param ids     the topology's id lists
     * @param config  the planner settings
     */
    public static Plan plan(List<CheckDefinition> checks, Map<String, Targets> targets, TopologyIds ids,
                            PlannerConfig config) {
        int max = config.maxIdsPerQuery();
        Map<List<String>, String> regexCache = new HashMap<>();
        List<String> jobs = List.of(config.jobRegex());
        List<CheckQueries> main = new ArrayList<>();
        List<CheckQueries> discovery = new ArrayList<>();
        int queryCount = 0;
        for (CheckDefinition check : checks) {
            List<String> nodes;
            List<String> chassis;
            List<String> racks;
            Targets t = null;
            if (targets != null) {
                t = targets.get(check.id());
                if (t == null || !hasOwnScope(check.scope(), t)) {
                    t = null;
                }
            }
            if (targets != null && t == null) {
                nodes = chassis = racks = null;
            } else if (t != null) {
                nodes = t.node();
                chassis = t.chassis();
                racks = t.rack();
            } else {
                nodes = ids.nodeIds();
                chassis = ids.chassisIds();
                racks = ids.rackIds();
            }
            if (nodes != null) {
                List<String> exprs = expand(check.expr() == null ? "" : check.expr(), jobs, nodes, racks, chassis,
                        max, regexCache);
                queryCount += exprs.size();
                main.add(new CheckQueries(check, exprs));
            }
            if (notEmpty(check.expandByLabel()) && notEmpty(check.expandDiscoveryExpr())) {
                List<String> discoveryNodes;
                if (targets != null) {
                    Targets dt = targets.get(check.id());
                    discoveryNodes = dt == null ? List.of() : dt.node();
                } else {
                    discoveryNodes = ids.nodeIds();
                }
                if (!discoveryNodes.isEmpty()) {
                    List<String> exprs = expandPlaceholder(List.of(check.expandDiscoveryExpr()), INSTANCES,
                            discoveryNodes, max, regexCache);
                    discovery.add(new CheckQueries(check, exprs));
                }
            }
        }
        int totalIds = targets != null ? countTargetIds(targets)
                : ids.nodeIds().size() + ids.chassisIds().size() + ids.rackIds().size();
        return new Plan(main, discovery, new BatchStats(totalIds, queryCount, max));
    }

    private static boolean hasOwnScope(String scope, Targets t) {
        if (scope == null) {
            return true;
        }
        return switch (scope) {
            case "node" -> !t.node().isEmpty();
            case "chassis" -> !t.chassis().isEmpty();
            case "rack" -> !t.rack().isEmpty();
            default -> true;
        };
    }

    /** The expressions of one check expression, placeholders substituted in the fixed order. */
    public static List<String> expand(String expr, String jobRegex, List<String> nodes, List<String> racks,
                                      List<String> chassis, int maxIdsPerQuery) {
        return expand(expr, List.of(jobRegex), nodes, racks, chassis, Math.max(1, maxIdsPerQuery), new HashMap<>());
    }

    private static List<String> expand(String expr, List<String> jobs, List<String> nodes, List<String> racks,
                                       List<String> chassis, int max, Map<List<String>, String> cache) {
        List<String> out = List.of(expr);
        out = expandPlaceholder(out, JOBS, jobs, max, cache);
        out = expandPlaceholder(out, INSTANCES, nodes, max, cache);
        out = expandPlaceholder(out, RACKS, racks, max, cache);
        return expandPlaceholder(out, CHASSIS, chassis, max, cache);
    }

    /** Substitutes one placeholder (see the class comment). */
    public static List<String> expandPlaceholder(List<String> expressions, String token, List<String> ids,
                                                 int maxIdsPerQuery) {
        return expandPlaceholder(expressions, token, ids, Math.max(1, maxIdsPerQuery), new HashMap<>());
    }

    private static List<String> expandPlaceholder(List<String> expressions, String token, List<String> ids, int max,
                                                  Map<List<String>, String> cache) {
        if (!String.join("", expressions).contains(token)) {
            return expressions;
        }
        List<String> out = new ArrayList<>();
        if (ids.isEmpty()) {
            for (String e : expressions) {
                out.add(e.replace(token, ".*"));
            }
            return out;
        }
        List<String> regexes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += max) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + max));
            String regex = cache.get(chunk);
            if (regex == null) {
                regex = RegexBuilder.regex(chunk);
                cache.put(List.copyOf(chunk), regex);
            }
            regexes.add(regex);
        }
        for (String e : expressions) {
            if (!e.contains(token)) {
                out.add(e);
                continue;
            }
            for (String regex : regexes) {
                out.add(e.replace(token, regex));
            }
        }
        return out;
    }

    /** The number of unique node + chassis + rack ids over every target list. */
    public static int countTargetIds(Map<String, Targets> targets) {
        Set<String> nodes = new HashSet<>();
        Set<String> chassis = new HashSet<>();
        Set<String> racks = new HashSet<>();
        for (Targets t : targets.values()) {
            nodes.addAll(t.node());
            chassis.addAll(t.chassis());
            racks.addAll(t.rack());
        }
        return nodes.size() + chassis.size() + racks.size();
    }

    static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
