package dev.rackscope.core.telemetry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rackscope.api.model.Aisle;
import dev.rackscope.api.model.Device;
import dev.rackscope.api.model.Rack;
import dev.rackscope.api.model.Room;
import dev.rackscope.api.model.Site;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.telemetry.Severity;

/**
 * Health aggregation above the planner (telemetry.md §3): list aggregation, room/aisle/site states, the
 * global counts and the per-rack summary of a room. Pure static helpers. (Maintenance matching is not
 * here.)
 */
public final class RollUp {

    private RollUp() {
    }

    // ------------------------------------------------------------------ aggregate_states

    /**
     * {@code aggregate_states}: empty → {@code unknownState}; else any CRIT → CRIT; else any WARN → WARN;
     * else any UNKNOWN → UNKNOWN; else any {@code unknownState} → {@code unknownState}; else OK.
     * {@code null} elements are ignored.
     */
    public static Severity aggregate(Iterable<Severity> states, Severity unknownState) {
        Aggregate a = new Aggregate();
        for (Severity s : states) {
            a.add(s);
        }
        return a.result(unknownState == null ? Severity.UNKNOWN : unknownState);
    }

    /** {@link #aggregate(Iterable, Severity)} with unknown_state {@code UNKNOWN} (the routers' form). */
    public static Severity aggregate(Iterable<Severity> states) {
        return aggregate(states, Severity.UNKNOWN);
    }

    /** An incremental {@code aggregate_states}. */
    public static final class Aggregate {
        private int count;
        private boolean crit;
        private boolean warn;
        private boolean unknown;
        private boolean ok;

        /** Adds one state; {@code null} is ignored. */
        public Aggregate add(Severity s) {
            if (s == null) {
                return this;
            }
            count++;
            switch (s) {
                case CRIT -> crit = true;
                case WARN -> warn = true;
                case UNKNOWN -> unknown = true;
                default -> ok = true;
            }
            return this;
        }

        /** The aggregate of what was added. */
        public Severity result(Severity unknownState) {
            if (count == 0) {
                return unknownState;
            }
            if (crit) {
                return Severity.CRIT;
            }
            if (warn) {
                return Severity.WARN;
            }
            if (unknown) {
                return Severity.UNKNOWN;
            }
            // only OK left: equal to unknown_state when that is OK, so OK either way
            return ok ? Severity.OK : unknownState;
        }
    }

    // ------------------------------------------------------------------ rooms, aisles, sites

    /**
     * §3.4: start at OK and walk the racks ({@code rackStates.getOrDefault(id, OK)}): CRIT gives CRIT at once,
     * WARN gives WARN, UNKNOWN racks are ignored. Never UNKNOWN.
     */
    public static Severity worstIgnoringUnknown(Iterable<Rack> racks, Map<String, Severity> rackStates) {
        Severity state = Severity.OK;
        for (Rack rack : racks) {
            Severity s = rackStates.getOrDefault(rack.id(), Severity.OK);
            if (s == Severity.CRIT) {
                return Severity.CRIT;
            }
            if (s == Severity.WARN) {
                state = Severity.WARN;
            }
        }
        return state;
    }

    /** The state of one room (§3.4): its aisle racks, then its standalone racks. */
    public static Severity roomState(Room room, Map<String, Severity> rackStates) {
        return worstIgnoringUnknown(TopologyIds.racks(room), rackStates);
    }

    /**
     * The state of the room(s) with id {@code roomId}, every site included (as {@code /api/rooms/{id}/state});
     * OK when there is none (whether that is a 404 is the caller's business).
     */
    public static Severity roomState(Topology topology, String roomId, Map<String, Severity> rackStates) {
        return worstIgnoringUnknown(roomRacks(topology, roomId), rackStates);
    }

    /** Every room id → its state, sites and rooms in order; a later duplicate id overwrites (§4.5). */
    public static Map<String, Severity> roomStates(Topology topology, Map<String, Severity> rackStates) {
        Map<String, Severity> out = new LinkedHashMap<>();
        if (topology == null) {
            return out;
        }
        for (Site site : topology.sites()) {
            for (Room room : site.rooms()) {
                out.put(room.id(), roomState(room, rackStates));
            }
        }
        return out;
    }

    /** An aisle's state, with the room rule (§3.4 recommendation). */
    public static Severity aisleState(Aisle aisle, Map<String, Severity> rackStates) {
        return worstIgnoringUnknown(aisle.racks(), rackStates);
    }

    /** A site's state: the worst of its rooms, with the room rule (§3.4 recommendation). */
    public static Severity siteState(Site site, Map<String, Severity> rackStates) {
        Severity state = Severity.OK;
        for (Room room : site.rooms()) {
            Severity s = roomState(room, rackStates);
            if (s == Severity.CRIT) {
                return Severity.CRIT;
            }
            if (s == Severity.WARN) {
                state = Severity.WARN;
            }
        }
        return state;
    }

    /** The racks of every room with id {@code roomId} in any site: aisle racks, then standalone racks. */
    public static List<Rack> roomRacks(Topology topology, String roomId) {
        List<Rack> out = new java.util.ArrayList<>();
        if (topology == null) {
            return out;
        }
        for (Site site : topology.sites()) {
            for (Room room : site.rooms()) {
                if (room.id().equals(roomId)) {
                    out.addAll(TopologyIds.racks(room));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ global

    /**
     * {@code /api/stats/global}'s numbers.
     *
     * @param totalRooms rooms over all sites
     * @param totalRacks aisle racks plus standalone racks
     * @param critCount  CRIT values among all rack states (non-topology keys included)
     * @param warnCount  WARN values among all rack states
     * @param status     CRIT if any CRIT, else WARN if any WARN, else OK
     */
    public record GlobalStats(int totalRooms, int totalRacks, int critCount, int warnCount, Severity status) {

        /** {@code active_alerts}: crit + warn. */
        public int activeAlerts() {
            return critCount + warnCount;
        }
    }

    /** The global counts of {@code rackStates} with the totals of {@code topology} (either may be null/empty). */
    public static GlobalStats globalStats(Topology topology, Map<String, Severity> rackStates) {
        int rooms = 0;
        int racks = 0;
        if (topology != null) {
            for (Site site : topology.sites()) {
                rooms += site.rooms().size();
                for (Room room : site.rooms()) {
                    for (Aisle aisle : room.aisles()) {
                        racks += aisle.racks().size();
                    }
                    racks += room.standaloneRacks().size();
                }
            }
        }
        int crit = 0;
        int warn = 0;
        if (rackStates != null) {
            for (Severity s : rackStates.values()) {
                if (s == Severity.CRIT) {
                    crit++;
                } else if (s == Severity.WARN) {
                    warn++;
                }
            }
        }
        Severity status = crit > 0 ? Severity.CRIT : warn > 0 ? Severity.WARN : Severity.OK;
        return new GlobalStats(rooms, racks, crit, warn, status);
    }

    // ------------------------------------------------------------------ room rack summary

    /**
     * One rack of {@code /api/rooms/{id}/state}.
     *
     * @param state     {@code rackStates.getOrDefault(id, UNKNOWN)}
     * @param nodeTotal the rack's nodes (canonical expansion; a device without instances counts as its id)
     * @param nodeCrit  how many of those nodes are CRIT
     * @param nodeWarn  how many of those nodes are WARN
     */
    public record RackSummary(Severity state, int nodeTotal, int nodeCrit, int nodeWarn) {
    }

    /** The racks of room {@code roomId} (every site) → summary; a later duplicate rack id overwrites. */
    public static Map<String, RackSummary> roomRackSummary(Topology topology, String roomId, HealthSnapshot health) {
        return roomRackSummary(topology, roomId, health == null ? Map.of() : health.rackStates(),
                health == null ? Map.of() : health.nodeStates());
    }

    /** {@link #roomRackSummary(Topology, String, HealthSnapshot)} from the two maps it reads. */
    public static Map<String, RackSummary> roomRackSummary(Topology topology, String roomId,
                                                           Map<String, Severity> rackStates,
                                                           Map<String, Severity> nodeStates) {
        Map<String, RackSummary> out = new LinkedHashMap<>();
        for (Rack rack : roomRacks(topology, roomId)) {
            out.put(rack.id(), rackSummary(rack, rackStates, nodeStates));
        }
        return out;
    }

    /** The summary of one rack. */
    public static RackSummary rackSummary(Rack rack, Map<String, Severity> rackStates,
                                          Map<String, Severity> nodeStates) {
        int total = 0;
        int crit = 0;
        int warn = 0;
        for (Device device : rack.devices()) {
            for (String n : TopologyIds.instancesOrId(device)) {
                total++;
                Severity s = nodeStates.get(n);
                if (s == Severity.CRIT) {
                    crit++;
                } else if (s == Severity.WARN) {
                    warn++;
                }
            }
        }
        return new RackSummary(rackStates.getOrDefault(rack.id(), Severity.UNKNOWN), total, crit, warn);
    }
}
