package dev.rackscope.slurm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import dev.rackscope.api.telemetry.QueryResult;
import dev.rackscope.api.telemetry.Series;

/**
 * Node states from the Slurm status series (slurm.md §3.2, §3.7, §4.1, §4.3): one pass over the series,
 * hash maps only, no regular expression per series.
 */
public final class SlurmNodes {

    private SlurmNodes() {
    }

    /**
     * One positive status series, after the node mapping.
     *
     * @param node      the topology instance name (the Slurm name when no mapping entry matched)
     * @param raw       the status label exactly as reported ({@code "unknown"} when absent)
     * @param state     its normal form and severity
     * @param partition the partition label, or {@code null}
     */
    public record Observation(String node, String raw, SlurmStatus.Classified state, String partition) {
    }

    /**
     * The state of one node (§3.7).
     *
     * @param statusAll   the status of its {@code all} partition series, or {@code null}
     * @param severityAll the severity of that series, or {@code null}
     * @param statuses    raw status labels, sorted, without duplicates
     * @param partitions  partitions, sorted, without duplicates
     * @param flags       Slurm suffix flags seen on its states ({@code "~"}, {@code "*"}…), sorted
     */
    public record NodeState(String status, String severity, String statusAll, String severityAll,
                            List<String> statuses, List<String> partitions, List<String> flags) {

        /** {@code status_all || status}, as /nodes reports it. */
        public String reportedStatus() {
            return statusAll != null && !statusAll.isEmpty() ? statusAll : status;
        }

        /** {@code severity_all || severity}, as /nodes reports it. */
        public String reportedSeverity() {
            return severityAll != null && !severityAll.isEmpty() ? severityAll : severity;
        }
    }

    /**
     * §3.2: the series with a positive value (NaN is dropped too, as PromQL's {@code > 0} drops it, §7.8)
     * and a node name, mapped to topology names, with their classified status.
     */
    public static List<Observation> observe(QueryResult result, SlurmConfig config, NodeMapping mapping,
                                            SlurmStatus status) {
        List<Series> series = result.result();
        List<Observation> out = new ArrayList<>(series.size());
        String labelNode = config.labelNode();
        String labelStatus = config.labelStatus();
        String labelPartition = config.labelPartition();
        for (Series s : series) {
            if (!positive(s.value()) || s.labels() == null) {
                continue;
            }
            String node = s.labels().get(labelNode);
            if (node == null || node.isEmpty()) {
                continue;
            }
            String raw = s.labels().get(labelStatus);
            if (raw == null) {
                raw = "unknown";
            }
            out.add(new Observation(mapping.resolve(node), raw, status.classify(raw), s.labels().get(labelPartition)));
        }
        return out;
    }

    private static boolean positive(String value) {
        if ("1".equals(value)) {
            return true; // the exporter convention: skip the parse for the common case
        }
        OptionalDouble v = Series.parseNumber(value == null ? "0" : value);
        return v.isPresent() && v.getAsDouble() > 0; // false for NaN
    }

    /**
     * §3.7: per node, worst-wins over its series (ties keep the first seen), and the {@code all} partition's
     * status kept apart (worst-wins too, §7.5). Nodes in first-seen order.
     *
     * @param allowed the node names to keep, or {@code null} for all
     */
    public static Map<String, NodeState> states(List<Observation> observations, Set<String> allowed) {
        Map<String, Builder> nodes = new LinkedHashMap<>();
        for (Observation o : observations) {
            if (allowed != null && !allowed.contains(o.node())) {
                continue;
            }
            Builder b = nodes.get(o.node());
            if (b == null) {
                b = new Builder(o.state());
                nodes.put(o.node(), b);
            }
            b.add(o, true);
        }
        Map<String, NodeState> out = new LinkedHashMap<>(Math.max(16, nodes.size() * 4 / 3 + 1));
        nodes.forEach((node, b) -> out.put(node, b.build()));
        return out;
    }

    /**
     * §4.1: every node of the room, seeded {@code unknown/UNKNOWN}, then worst-wins over its series. A seeded
     * node takes its first series whatever its rank, so INFO states show (§7.3); an empty room has no nodes
     * (§7.4: the original then returned the whole cluster). No {@code all} preference.
     */
    public static Map<String, NodeState> roomStates(List<Observation> observations, Collection<String> roomNodes) {
        Map<String, Builder> nodes = new LinkedHashMap<>(Math.max(16, roomNodes.size() * 4 / 3 + 1));
        for (String n : roomNodes) {
            nodes.put(n, new Builder(null));
        }
        for (Observation o : observations) {
            Builder b = nodes.get(o.node());
            if (b != null) {
                b.add(o, false);
            }
        }
        Map<String, NodeState> out = new LinkedHashMap<>(Math.max(16, nodes.size() * 4 / 3 + 1));
        nodes.forEach((node, b) -> out.put(node, b.build()));
        return out;
    }

    /**
     * §4.3: per partition ({@code "unknown"} when the label is absent), the number of series per normalised
     * status. Counts series, not nodes, as the original does.
     *
     * @param allowed the node names to keep, or {@code null} for all
     */
    public static Map<String, Map<String, Integer>> partitions(List<Observation> observations, Set<String> allowed) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (Observation o : observations) {
            if (allowed != null && !allowed.contains(o.node())) {
                continue;
            }
            String p = o.partition() == null ? "unknown" : o.partition();
            out.computeIfAbsent(p, k -> new LinkedHashMap<>()).merge(o.state().status(), 1, Integer::sum);
        }
        return out;
    }

    /** Code point order, as Python sorts strings. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static List<String> sortedDistinct(List<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        if (values.size() == 1) {
            return List.of(values.get(0));
        }
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(SlurmNodes::compareCodePoints);
        List<String> out = new ArrayList<>(sorted.size());
        for (String v : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
                out.add(v);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A node's state while its series are folded in. */
    private static final class Builder {
        String status;
        String severity;
        int rank;
        boolean seen;
        String statusAll;
        String severityAll;
        int rankAll = -1;
        int flags;
        final List<String> statuses = new ArrayList<>(2);
        final List<String> partitions = new ArrayList<>(2);

        /** @param first the first series' state, or {@code null} for a seeded node */
        Builder(SlurmStatus.Classified first) {
            if (first == null) {
                status = "unknown";
                severity = SlurmStatus.UNKNOWN;
            } else {
                take(first);
            }
        }

        private void take(SlurmStatus.Classified c) {
            status = c.status();
            severity = c.severity();
            rank = c.rank();
            seen = true;
        }

        void add(Observation o, boolean preferAll) {
            SlurmStatus.Classified c = o.state();
            statuses.add(o.raw());
            String part = o.partition();
            if (part != null && !part.isEmpty()) {
                partitions.add(part);
                if (preferAll && part.equals("all") && c.rank() > rankAll) {
                    statusAll = c.status();
                    severityAll = c.severity();
                    rankAll = c.rank();
                }
            }
            for (int i = 0; i < c.flags().length(); i++) {
                flags |= 1 << SlurmStatus.FLAG_CHARS.indexOf(c.flags().charAt(i));
            }
            if (!seen || c.rank() > rank) {
                take(c);
            }
        }

        NodeState build() {
            List<String> f = List.of();
            if (flags != 0) {
                List<String> l = new ArrayList<>();
                for (int i = 0; i < SlurmStatus.FLAG_CHARS.length(); i++) {
                    if ((flags & (1 << i)) != 0) {
                        l.add(String.valueOf(SlurmStatus.FLAG_CHARS.charAt(i)));
                    }
                }
                f = sortedDistinct(l);
            }
            return new NodeState(status, severity, statusAll, severityAll, sortedDistinct(statuses),
                    sortedDistinct(partitions), f);
        }
    }
}
