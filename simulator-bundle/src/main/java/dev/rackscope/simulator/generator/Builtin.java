package dev.rackscope.simulator.generator;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series the generator knows how to produce (simulator.md §3.9), with the context labels it supplies
 * for each and the labels the built-in default catalog gives them. A catalog entry whose name is not here
 * is not generated.
 */
public enum Builtin {
    // node scope: synthetic
    UP("up", Scope.NODE),
    NODE_TEMPERATURE("node_temperature_celsius", Scope.NODE),
    NODE_POWER("node_power_watts", Scope.NODE),
    NODE_LOAD("node_load_percent", Scope.NODE),
    NODE_HEALTH("node_health_status", Scope.NODE),
    // node exporter
    NODE_CPU_SECONDS("node_cpu_seconds_total", Scope.NODE, ctx("cpu", "mode"), labels("cpu", "$cpu", "mode", "$mode")),
    MEM_TOTAL("node_memory_MemTotal_bytes", Scope.NODE),
    MEM_AVAILABLE("node_memory_MemAvailable_bytes", Scope.NODE),
    FS_SIZE("node_filesystem_size_bytes", Scope.NODE, ctx("mountpoint", "fstype"),
            labels("mountpoint", "$mountpoint", "fstype", "$fstype")),
    FS_AVAIL("node_filesystem_avail_bytes", Scope.NODE, ctx("mountpoint", "fstype"),
            labels("mountpoint", "$mountpoint", "fstype", "$fstype")),
    DISK_READ("node_disk_read_bytes_total", Scope.NODE, ctx("device"), labels("device", "$device")),
    DISK_WRITTEN("node_disk_written_bytes_total", Scope.NODE, ctx("device"), labels("device", "$device")),
    NET_RECEIVE("node_network_receive_bytes_total", Scope.NODE, ctx("device"), labels("device", "$device")),
    NET_TRANSMIT("node_network_transmit_bytes_total", Scope.NODE, ctx("device"), labels("device", "$device")),
    // IPMI
    IPMI_FAN("ipmi_fan_speed_state", Scope.NODE, ctx("name"), labels("name", "$name")),
    IPMI_POWER("ipmi_power_state", Scope.NODE, ctx("name"), labels("name", "$name")),
    IPMI_SENSOR("ipmi_sensor_state", Scope.NODE, ctx("name"), labels("name", "$name")),
    IPMI_TEMPERATURE("ipmi_temperature_state", Scope.NODE, ctx("name"), labels("name", "$name")),
    IPMI_VOLTAGE("ipmi_voltage_state", Scope.NODE, ctx("name"), labels("name", "$name")),
    IPMI_UP("ipmi_up", Scope.NODE),
    // Slurm per node
    SLURM_NODE_STATUS("slurm_node_status", Scope.NODE, ctx("node", "partition", "status"), slurmNodeLabels(), true),
    SLURM_NODE_CPU_ALLOC("slurm_node_cpu_alloc", Scope.NODE, ctx("node", "partition", "status"), slurmNodeLabels(), true),
    SLURM_NODE_CPU_IDLE("slurm_node_cpu_idle", Scope.NODE, ctx("node", "partition", "status"), slurmNodeLabels(), true),
    SLURM_NODE_CPU_TOTAL("slurm_node_cpu_total", Scope.NODE, ctx("node", "partition", "status"), slurmNodeLabels(), true),
    SLURM_NODE_MEM_ALLOC("slurm_node_mem_alloc", Scope.NODE, ctx("node", "partition", "status"), slurmNodeLabels(), true),
    SLURM_NODE_MEM_TOTAL("slurm_node_mem_total", Scope.NODE, ctx("node", "partition", "status"), slurmNodeLabels(), true),
    // E-Series
    ESERIES_COLLECT_ERROR("eseries_exporter_collect_error", Scope.NODE, ctx("collector"), labels("collector", "$collector")),
    ESERIES_SYSTEM_STATUS("eseries_storage_system_status", Scope.NODE, ctx("status"), labels("status", "$status")),
    ESERIES_DRIVE_STATUS("eseries_drive_status", Scope.NODE, ctx("status", "drive_id", "slot", "tray"),
            labels("status", "$status", "drive_id", "$drive_id", "slot", "$slot", "tray", "$tray")),
    ESERIES_BATTERY("eseries_battery_status", Scope.NODE, ctx("status", "tray", "slot"), Map.of()),
    ESERIES_FAN("eseries_fan_status", Scope.NODE, ctx("status", "tray", "slot"), Map.of()),
    ESERIES_POWER_SUPPLY("eseries_power_supply_status", Scope.NODE, ctx("status", "tray", "slot"), Map.of()),
    ESERIES_CACHE_DIMM("eseries_cache_memory_dimm_status", Scope.NODE, ctx("status", "tray", "slot"), Map.of()),
    ESERIES_THERMAL("eseries_thermal_sensor_status", Scope.NODE, ctx("status", "tray", "slot"), Map.of()),
    // switches
    SWITCH_OPER_STATUS("switch_port_oper_status", Scope.NODE, ctx("port"), labels("port", "$port")),
    SWITCH_IN_OCTETS("switch_port_in_octets", Scope.NODE, ctx("port"), labels("port", "$port")),
    SWITCH_OUT_OCTETS("switch_port_out_octets", Scope.NODE, ctx("port"), labels("port", "$port")),
    // Slurm cluster aggregates (rack scope, tested with the id "")
    SLURM_CPUS_TOTAL("slurm_cpus_total", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_CPUS_ALLOC("slurm_cpus_alloc", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_CPUS_IDLE("slurm_cpus_idle", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_NODES_TOTAL("slurm_nodes_total", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_NODES_ALLOC("slurm_nodes_alloc", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_NODES_IDLE("slurm_nodes_idle", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_NODES_DOWN("slurm_nodes_down", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_NODES_DRAIN("slurm_nodes_drain", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_GPUS_TOTAL("slurm_gpus_total", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_GPUS_ALLOC("slurm_gpus_alloc", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_GPUS_IDLE("slurm_gpus_idle", Scope.RACK, K.RACK, Map.of(), true),
    SLURM_GPUS_UTILIZATION("slurm_gpus_utilization", Scope.RACK, K.RACK, Map.of(), true),
    // Slurm per partition
    SLURM_PARTITION_CPUS_ALLOCATED("slurm_partition_cpus_allocated", Scope.RACK, ctx("instance", "job", "partition"),
            labels("partition", "$partition"), true),
    SLURM_PARTITION_CPUS_IDLE("slurm_partition_cpus_idle", Scope.RACK, ctx("instance", "job", "partition"),
            labels("partition", "$partition"), true),
    SLURM_PARTITION_CPUS_TOTAL("slurm_partition_cpus_total", Scope.RACK, ctx("instance", "job", "partition"),
            labels("partition", "$partition"), true),
    SLURM_PARTITION_JOBS_RUNNING("slurm_partition_jobs_running", Scope.RACK, ctx("instance", "job", "partition"),
            labels("partition", "$partition"), true),
    SLURM_PARTITION_JOBS_PENDING("slurm_partition_jobs_pending", Scope.RACK, ctx("instance", "job", "partition"),
            labels("partition", "$partition"), true),
    // rack cooling
    SEQUANA_STATE_INFO("sequana3_hyc_state_info", Scope.RACK, ctx("instance", "job", "state"), sequanaLabels(true)),
    SEQUANA_PRESSURE("sequana3_hyc_p_in_kpa", Scope.RACK, K.RACK, sequanaLabels(false)),
    SEQUANA_LEAK("sequana3_hyc_leak_sensor_pump", Scope.RACK, K.RACK, sequanaLabels(false)),
    SEQUANA_PCB_TEMP("sequana3_hyc_tmp_pcb_cel", Scope.RACK, K.RACK, sequanaLabels(false)),
    SEQUANA_PMC_POWER("sequana3_pmc_total_watt", Scope.RACK, K.RACK, sequanaLabels(false)),
    // PDUs
    PDU_ENERGY("raritan_pdu_activeenergy_watthour_total", Scope.RACK, K.PDU, pduLabels(true)),
    PDU_POWER("raritan_pdu_activepower_watt", Scope.RACK, K.PDU, pduLabels(true)),
    PDU_APPARENT("raritan_pdu_apparentpower_voltampere", Scope.RACK, K.PDU, pduLabels(false)),
    PDU_CURRENT("raritan_pdu_current_ampere", Scope.RACK, K.PDU, pduLabels(false)),
    PDU_INLET_RATING("raritan_pdu_inletrating", Scope.RACK, K.PDU, pduLabels(false)),
    PDU_VOLTAGE("raritan_pdu_voltage_volt", Scope.RACK, K.PDU, pduLabels(false));

    /** Where a metric is evaluated. */
    public enum Scope {
        NODE, RACK;

        /** The catalog's spelling. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Base labels of node-scope series, in exposition order. */
    public static final List<String> NODE_BASE = List.of("site_id", "room_id", "rack_id", "chassis_id", "node_id",
            "instance", "job");
    /** Base labels of rack-scope series; {@code instance} and {@code job} depend on the series group. */
    public static final List<String> RACK_BASE = List.of("site_id", "room_id", "rack_id", "instance", "job");

    /** Context key lists shared by several constants (a holder class: enum constants cannot read static fields). */
    private static final class K {
        static final String[] RACK = {"instance", "job"};
        static final String[] PDU = {"instance", "job", "pduid", "pduname", "inletid", "inletname", "outletid",
            "outletname"};
    }

    private static final Map<String, Builtin> BY_NAME;

    static {
        Map<String, Builtin> m = new HashMap<>();
        for (Builtin b : values()) {
            m.put(b.metricName, b);
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private final String metricName;
    private final Scope scope;
    private final List<String> contextKeys;
    private final Map<String, String> defaultLabels;
    private final boolean defaultLabelsOnly;

    Builtin(String metricName, Scope scope) {
        this(metricName, scope, new String[0], Map.of(), false);
    }

    Builtin(String metricName, Scope scope, String[] contextKeys, Map<String, String> defaultLabels) {
        this(metricName, scope, contextKeys, defaultLabels, false);
    }

    Builtin(String metricName, Scope scope, String[] contextKeys, Map<String, String> defaultLabels,
            boolean defaultLabelsOnly) {
        this.metricName = metricName;
        this.scope = scope;
        this.contextKeys = List.of(contextKeys);
        this.defaultLabels = defaultLabels;
        this.defaultLabelsOnly = defaultLabelsOnly;
    }

    public String metricName() {
        return metricName;
    }

    public Scope scope() {
        return scope;
    }

    /** The context labels the generator supplies, by position. */
    public List<String> contextKeys() {
        return contextKeys;
    }

    /** Labels of this metric in the built-in default catalog. */
    public Map<String, String> defaultLabels() {
        return defaultLabels;
    }

    public boolean defaultLabelsOnly() {
        return defaultLabelsOnly;
    }

    /** The built-in metric called {@code name}, or {@code null}. */
    public static Builtin byName(String name) {
        return BY_NAME.get(name);
    }

    /** Never emitted (registered by the original, never given a value). */
    boolean neverEmitted() {
        return this == ESERIES_BATTERY || this == ESERIES_FAN || this == ESERIES_POWER_SUPPLY
                || this == ESERIES_CACHE_DIMM || this == ESERIES_THERMAL;
    }

    boolean isSequana() {
        return name().startsWith("SEQUANA_");
    }

    boolean isPdu() {
        return name().startsWith("PDU_");
    }

    boolean isSlurmCluster() {
        return name().startsWith("SLURM_") && scope == Scope.RACK && !name().startsWith("SLURM_PARTITION_");
    }

    boolean isSlurmPartition() {
        return name().startsWith("SLURM_PARTITION_");
    }

    boolean isSlurmNode() {
        return name().startsWith("SLURM_NODE_");
    }

    private static String[] ctx(String... keys) {
        return keys;
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, String> slurmNodeLabels() {
        return labels("node", "$node_id", "partition", "$partition", "status", "$status");
    }

    private static Map<String, String> sequanaLabels(boolean state) {
        Map<String, String> m = new LinkedHashMap<>(labels("job", "sequana3", "cluster", "demo", "env", "demo",
                "host", "demo", "region", "demo", "mc_type", "xh3000", "model", "xh3000",
                "sequana_rack_id", "$rack_id", "sequana_type", "liquid"));
        if (state) {
            m.put("state", "$state");
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, String> pduLabels(boolean outlets) {
        Map<String, String> m = new LinkedHashMap<>(labels("pduid", "$pduid", "pduname", "$pduname",
                "inletid", "$inletid", "inletname", "$inletname"));
        if (outlets) {
            m.put("outletid", "$outletid");
            m.put("outletname", "$outletname");
        }
        return Collections.unmodifiableMap(m);
    }
}
