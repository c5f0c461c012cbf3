package dev.rackscope.core.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small topology trees for tests. */
final class TopologyFiles {

    private final Path root;

    TopologyFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Writes {@code text} to {@code relative} under the root, creating folders. */
    Path write(String relative, String text) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    Path mkdir(String relative) {
        try {
            return Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of room {@code room} in site {@code site}. */
    static String room(String site, String room) {
        return "datacenters/" + site + "/rooms/" + room;
    }

    static String aisle(String site, String room, String aisle) {
        return room(site, room) + "/aisles/" + aisle;
    }

    /**
     * A minimal valid tree: site s1 with room r1, aisle a1 and rack k1 holding one device whose
     * instance is {@code instanceYaml} (a YAML flow value).
     */
    TopologyFiles minimal(String instanceYaml) {
        write("sites.yaml", "sites:\n  - id: s1\n    rooms: [r1]\n");
        write(room("s1", "r1") + "/room.yaml", "aisles:\n  - {id: a1}\n");
        write(aisle("s1", "r1", "a1") + "/aisle.yaml", "racks: [k1]\n");
        write(aisle("s1", "r1", "a1") + "/racks/k1.yaml", "id: k1\nname: Rack 1\ndevices:\n"
                + "  - {id: d1, name: Dev 1, template_id: t, u_position: 1, instance: " + instanceYaml + "}\n");
        return this;
    }

    /** Overwrites rack k1 of {@link #minimal} with {@code yaml}. */
    Path rack(String yaml) {
        return write(aisle("s1", "r1", "a1") + "/racks/k1.yaml", yaml);
    }
}
