package dev.rackscope.simulator.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small topologies, catalogs and exposition parsing for the generator tests. */
final class Fixtures {

    /** {@code name{labels} value}, with label values that may hold escaped quotes. */
    static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*)})? "
                    + "(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|NaN|[+-]Inf)");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Fixtures() {
    }

    /**
     * {@code racks} racks of {@code perRack} compute nodes, spread over {@code aisles} aisles of one room;
     * nodes are named {@code compute0001}…, racks {@code r01}….
     */
    static Targets computeCluster(int racks, int perRack, int aisles) {
        List<Target> list = new ArrayList<>();
        int n = 0;
        for (int r = 0; r < racks; r++) {
            String rack = String.format("r%02d", r + 1);
            String aisle = String.format("a%02d", r % Math.max(1, aisles) + 1);
            for (int k = 0; k < perRack; k++) {
                n++;
                list.add(Target.node("site1", "room1", aisle, rack, rack + "-c" + (k / 4 + 1),
                        String.format("compute%04d", n)));
            }
        }
        return Targets.of(list);
    }

    /** One rack holding one node of every kind, plus a storage array of 4 drives. */
    static Targets mixedRack() {
        List<Target> list = new ArrayList<>();
        for (String id : List.of("compute001", "gpu001", "visu001", "login01", "mgmt01", "nfs01", "isw-01")) {
            list.add(Target.node("s", "room", "a1", "r01", "dev-" + id, id));
        }
        list.add(new Target("s", "room", "a1", "r01", "array1", "da03-r02-01", "storage", true, "eseries", 4));
        return Targets.of(list);
    }

    static Settings settings(String mode, long seed) {
        return Settings.DEFAULT.withMode(mode).withSeed(seed);
    }

    /** The project's two shipped catalogs, as documents. */
    static MetricCatalog projectCatalog() {
        return CatalogFiles.project();
    }

    /** One parsed sample. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Parses every sample line; fails on a line that is neither a comment nor a sample. */
    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            String v = m.group(4);
            out.add(new Sample(m.group(1), labels,
                    v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf") ? Double.NEGATIVE_INFINITY
                            : Double.parseDouble(v)));
        }
        return out;
    }

    static List<Sample> named(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    static Sample one(List<Sample> samples, String name, String... labelPairs) {
        List<Sample> hits = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        if (hits.size() != 1) {
            throw new AssertionError(hits.size() + " samples of " + name + " " + List.of(labelPairs));
        }
        return hits.get(0);
    }
}
