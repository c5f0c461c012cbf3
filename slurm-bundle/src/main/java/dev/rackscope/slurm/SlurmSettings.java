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

    @AttributeDefinition(name = "Metric", description = "PromQL metric giving one series per node and state")
    String metric() default "slurm_node_status";

    @AttributeDefinition(name = "Node label", description = "Label that carries the Slurm node name")
    String label__node() default "node";

    @AttributeDefinition(name = "Status label", description = "Label that carries the Slurm state")
    String label__status() default "status";

    @AttributeDefinition(name = "Partition label", description = "Label that carries the partition")
    String label__partition() default "partition";

    @AttributeDefinition(name = "OK states", description = "Slurm states shown as OK")
    String[] status__map_ok() default {"idle", "allocated", "alloc", "completing", "comp"};

    @AttributeDefinition(name = "WARN states", description = "Slurm states shown as WARN")
    String[] status__map_warn() default {"mixed", "mix", "maint", "planned", "plnd", "reserved", "resv",
        "blocked", "block", "power_down", "pow_dn", "power_up", "pow_up", "powering_up", "powered_down",
        "reboot_issued", "reboot_req"};

    @AttributeDefinition(name = "CRIT states", description = "Slurm states shown as CRIT")
    String[] status__map_crit() default {"down", "drain", "drained", "draining", "drng", "fail", "failing",
        "failg", "error", "unknown", "unk", "noresp", "inval"};

    @AttributeDefinition(name = "INFO states", description = "Slurm states shown as INFO", required = false)
    String[] status__map_info() default {};

    @AttributeDefinition(name = "Roles", description = "Device template roles that count as Slurm nodes")
    String[] roles() default {"compute", "visu"};

    @AttributeDefinition(name = "Include unlabeled", description = "Count devices whose template has no role")
    boolean include__unlabeled() default false;

    @AttributeDefinition(name = "Node mapping file", description = "node_mapping.yaml; empty disables mapping",
            required = false)
    String mapping__path() default "config/plugins/slurm/node_mapping.yaml";

    @AttributeDefinition(name = "Metrics catalog folder")
    String metrics__catalog__dir() default "config/plugins/slurm/metrics";

    @AttributeDefinition(name = "Metrics catalog files", description = "File names inside the catalog folder")
    String[] metrics__catalogs() default {"metrics.yaml"};
}
