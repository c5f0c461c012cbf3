package dev.rackscope.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small configuration every integration test starts from. */
public final class TestConfig {

    public static final String APP_YAML = """
            # integration test app.yaml: comments must survive the bridge's edits
            app:
              name: Rackscope IT
            paths:
              topology: topology
              templates: templates
              checks: checks/library
              metrics: metrics/library
            plugins:
              simulator:
                enabled: true   # the demo plugin
              slurm:
                enabled: true
            """;

    static final String SLURM_FILE = """
            # slurm plugin file
            metric: slurm_node_status
            mapping_path: plugins/slurm/node_mapping.yaml
            """;

    static final String MAPPING = """
            mappings:
              - node: "cn*"
                instance: "compute*"
              - node: login1
                instance: login01
            """;

    private TestConfig() {
    }

    static void write(Path dir) throws IOException {
        write(dir.resolve("app.yaml"), APP_YAML);
        write(dir.resolve("plugins/slurm/config.yml"), SLURM_FILE);
        write(dir.resolve("plugins/slurm/node_mapping.yaml"), MAPPING);
        write(dir.resolve("plugins/simulator/config/plugin.yaml"), "incident_mode: light\nseed: 42\n"
                + "overrides_path: plugins/simulator/overrides/overrides.yaml\n");
        write(dir.resolve("plugins/simulator/overrides/overrides.yaml"),
                "overrides:\n  - id: n1-up\n    instance: n1\n    rack_id: null\n    metric: up\n    value: 0.0\n");
        write(dir.resolve("topology/sites.yaml"), "sites: []\n");
        Files.createDirectories(dir.resolve("templates"));
        Files.createDirectories(dir.resolve("checks/library"));
        Files.createDirectories(dir.resolve("metrics/library"));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
