package dev.rackscope.slurm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of PID {@code dev.rackscope.plugin.slurm}: the typed form the web console shows. Method
 * names map to property ids ({@code label__node} → {@code label_node}, {@code status__map_ok} →
 * {@code status_map.ok}), which are the flattened YAML keys of {@code plugins/slurm/config.yml}.
 */
@ObjectClassDefinition(name = "Rackscope Slurm plugin",
        description = "Slurm workload view. Saved into plugins/slurm/config.yml; deleting this configuration "
                + "disables the plugin in app.yaml.")
@interface SlurmSettings {

    /** How reported states meet these lists (see {@link SlurmStatus}). */
    String MATCHING = ". Compared case-insensitively, with aliases resolved (alloc = allocated) and Slurm's suffix "
            + "flags removed (idle~ is idle; a trailing * always means CRIT); an entry such as idle~ names the "
            + "flagged state only.";

    @AttributeDefinition(name = "Metric", description = "PromQL metric (or selector) giving one series per node, "
            + "partition and state, value 1 for the current state; zero-valued series are dropped in PromQL")
    String metric() default "slurm_node_status";

    @AttributeDefinition(name = "Node label", description = "Label that carries the Slurm node name")
    String label__node() default "node";

    @AttributeDefinition(name = "Status label", description = "Label that carries the Slurm state")
    String label__status() default "status";

    @AttributeDefinition(name = "Partition label", description = "Label that carries the partition")
    String label__partition() default "partition";

    @AttributeDefinition(name = "OK states", description = "Slurm states shown as OK" + MATCHING)
    String[] status__map_ok() default {"idle", "allocated", "alloc", "completing", "comp"};

    @AttributeDefinition(name = "WARN states", description = "Slurm states shown as WARN" + MATCHING)
    String[] status__map_warn() default {"mixed", "mix", "maint", "planned", "plnd", "reserved", "resv",
        "blocked", "block", "power_down", "pow_dn", "power_up", "pow_up", "powering_up", "powered_down",
        "reboot_issued", "reboot_req"};

    @AttributeDefinition(name = "CRIT states", description = "Slurm states shown as CRIT" + MATCHING)
    String[] status__map_crit() default {"down", "drain", "drained", "draining", "drng", "fail", "failing",
        "failg", "error", "unknown", "unk", "noresp", "inval"};

    @AttributeDefinition(name = "INFO states", description = "Slurm states shown as INFO" + MATCHING,
            required = false)
    String[] status__map_info() default {};

    @AttributeDefinition(name = "Roles",
            description = "Device template roles that count as Slurm nodes (applied by the UI's wallboard)")
    String[] roles() default {"compute", "visu"};

    @AttributeDefinition(name = "Include unlabeled",
            description = "Count devices whose template has no role (applied by the UI's wallboard)")
    boolean include__unlabeled() default false;

    @AttributeDefinition(name = "Node mapping file", description = "node_mapping.yaml (Slurm name → topology "
            + "instance: exact names, '*' globs, bracket ranges paired by index); empty disables mapping",
            required = false)
    String mapping__path() default "config/plugins/slurm/node_mapping.yaml";

    @AttributeDefinition(name = "Metrics catalog folder")
    String metrics__catalog__dir() default "config/plugins/slurm/metrics";

    @AttributeDefinition(name = "Metrics catalog files",
            description = "Plain file names inside the catalog folder (no folders, no '..'), loaded in this order")
    String[] metrics__catalogs() default {"metrics.yaml"};
}
