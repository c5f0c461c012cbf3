package dev.rackscope.simulator;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of PID {@code dev.rackscope.plugin.simulator}, the web console's typed form. Property ids are
 * the flattened keys of {@code plugins/simulator/config/plugin.yaml} ({@code update__interval__seconds} →
 * {@code update_interval_seconds}, {@code custom__incidents_devices__crit} →
 * {@code custom_incidents.devices_crit}).
 */
@ObjectClassDefinition(name = "Rackscope simulator plugin",
        description = "Demo metric generator. Saved into plugins/simulator/config/plugin.yaml; deleting this "
                + "configuration disables the plugin in app.yaml.")
@interface SimulatorSettings {

    @AttributeDefinition(name = "Update interval (s)", min = "1")
    int update__interval__seconds() default 20;

    @AttributeDefinition(name = "Seed", description = "Integer seed for reproducible series; empty for random",
            required = false)
    String seed() default "";

    @AttributeDefinition(name = "Incident mode", options = {
        @Option(label = "Full OK", value = "full_ok"), @Option(label = "Light", value = "light"),
        @Option(label = "Medium", value = "medium"), @Option(label = "Heavy", value = "heavy"),
        @Option(label = "Chaos", value = "chaos"), @Option(label = "Custom", value = "custom")})
    String incident__mode() default "light";

    @AttributeDefinition(name = "Changes per hour", min = "1")
    int changes__per__hour() default 2;

    @AttributeDefinition(name = "Custom: critical devices", min = "0")
    int custom__incidents_devices__crit() default 0;

    @AttributeDefinition(name = "Custom: warning devices", min = "0")
    int custom__incidents_devices__warn() default 0;

    @AttributeDefinition(name = "Custom: critical racks", min = "0")
    int custom__incidents_racks__crit() default 0;

    @AttributeDefinition(name = "Custom: hot aisles", min = "0")
    int custom__incidents_aisles__hot() default 0;

    @AttributeDefinition(name = "Overrides file")
    String overrides__path() default "config/plugins/simulator/overrides/overrides.yaml";

    @AttributeDefinition(name = "Default override TTL (s)", min = "0")
    int default__ttl__seconds() default 120;

    @AttributeDefinition(name = "Metrics catalog")
    String metrics__catalog__path() default "config/plugins/simulator/metrics/metrics_full.yaml";

    @AttributeDefinition(name = "Slurm: nodes eligible for forced states (globs)")
    String[] slurm__random__match() default {"compute*", "visu*"};

    @AttributeDefinition(name = "Slurm: allocated %", min = "0", max = "100")
    int slurm__alloc__percent() default 80;
}
