package dev.rackscope.core.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.rackscope.api.http.ApiException;
import dev.rackscope.core.config.Yaml11;

/**
 * Configuration profiles: {@code <home>/profiles/<id>/app.yaml} (and {@code <home>/examples/...}), listed for
 * {@code GET /api/config/profiles} and created by the setup wizard ({@code POST /api/setup/wizard/init-profile}).
 *
 * <p>A new profile is built in a hidden temporary folder beside its final place and renamed into place in
 * one step, so it appears whole or not at all. Unlike the original, it keeps the running server's
 * {@code auth} and {@code plugins} sections (creating a profile must not switch authentication off) and
 * starts with a copy of the current templates, checks and metrics libraries and plugin files, so that it is
 * not an empty catalog; only the topology starts empty.
 */
public final class Profiles {

    /** The ID pattern of every id used in a path (core.md §2). */
    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,127}$");
    private static final Pattern UNSAFE_RUN = Pattern.compile("[^a-z0-9._-]+");
    private static final List<String> CATEGORIES = List.of("profiles", "examples");

    private Profiles() {
    }

    /** What a new profile copies from the running configuration; any part may be null (not copied). */
    public record Source(Map<String, Object> auth, Map<String, Object> plugins, Path templates, Path checks,
                         Path metrics, Path pluginFiles) {
    }

    /** A created profile: its id, the path shown to the client and its app.yaml. */
    public record Created(String id, String shownPath, Path appYaml) {
    }

    /** The original's "safe segment": trimmed, lower-cased, runs of other characters as {@code -}. */
    public static String safeSegment(String raw, String fallback) {
        String s = UNSAFE_RUN.matcher(raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT)).replaceAll("-");
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        s = s.substring(start, end);
        return s.isEmpty() ? fallback : s;
    }

    /** 400 unless {@code value} matches the ID pattern, with the original's message. */
    public static void requireSafeId(String value, String label) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new ApiException(400, "Invalid " + label + ": " + pyQuote(value) + ". IDs must contain only "
                    + "lowercase letters, digits, dots, hyphens and underscores (max 128 characters).");
        }
    }

    private static String pyQuote(String s) {
        return "'" + (s == null ? "None" : s.replace("\\", "\\\\").replace("'", "\\'")) + "'";
    }

    /**
     * {@code GET /api/config/profiles}: every {@code <home>/{profiles,examples}/<dir>/app.yaml}, sorted by folder
     * name, profiles first; {@code active} when it is the active app.yaml.
     */
    public static List<Map<String, Object>> list(Path home, Path activeAppYaml) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        Path active = activeAppYaml.toAbsolutePath().normalize();
        for (String category : CATEGORIES) {
            Path base = home.resolve(category);
            if (!Files.isDirectory(base)) {
                continue;
            }
            List<Path> dirs = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(base)) {
                for (Path p : s) {
                    if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")
                            && Files.isRegularFile(p.resolve("app.yaml"))) {
                        dirs.add(p);
                    }
                }
            }
            dirs.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            for (Path dir : dirs) {
                Map<String, Object> entry = new LinkedHashMap<>();
                String name = dir.getFileName().toString();
                entry.put("name", name);
                entry.put("type", category.substring(0, category.length() - 1));
                entry.put("path", category + "/" + name + "/app.yaml");
                entry.put("active", dir.resolve("app.yaml").toAbsolutePath().normalize().equals(active));
                out.add(entry);
            }
        }
        return out;
    }

    /**
     * Creates {@code <home>/profiles/<id>/}: an app.yaml (the wizard's minimal sections plus the copied
     * {@code auth} and {@code plugins}), an empty {@code topology/sites.yaml}, and copies of the libraries and
     * plugin files named in {@code source}.
     *
     * @throws ApiException 409 when the profile exists
     */
    public static Created create(Path home, String id, String name, Source source) throws IOException {
        Path profiles = home.resolve("profiles");
        Path target = profiles.resolve(id).normalize();
        if (!target.getParent().equals(profiles.normalize())) {
            throw new ApiException(400, "Invalid profile_id: " + pyQuote(id));
        }
        if (Files.exists(target)) {
            throw conflict(id);
        }
        Files.createDirectories(profiles);
        Path staging = profiles.resolve("." + id + ".new-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            List<Path> excluded = List.of(profiles, home.resolve("examples"));
            copyTree(source.templates(), staging.resolve("templates"), excluded);
            copyTree(source.checks(), staging.resolve("checks/library"), excluded);
            copyTree(source.metrics(), staging.resolve("metrics/library"), excluded);
            copyTree(source.pluginFiles(), staging.resolve("plugins"), excluded);
            Files.createDirectories(staging.resolve("templates"));
            Files.createDirectories(staging.resolve("checks/library"));
            Files.createDirectories(staging.resolve("metrics/library"));
            write(staging.resolve("topology/sites.yaml"), "sites: []\n");
            write(staging.resolve("app.yaml"), "# Profile created by the setup wizard\n\n"
                    + Yaml11.dump(appYaml(name, source)));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw conflict(id);
            } catch (IOException e) {
                if (Files.exists(target)) {
                    throw conflict(id);
                }
                throw e;
            }
        } finally {
            deleteTree(staging);
        }
        return new Created(id, home.getFileName() + "/profiles/" + id, target.resolve("app.yaml"));
    }

    private static ApiException conflict(String id) {
        return new ApiException(409, "Profile '" + id + "' already exists");
    }

    /** The new profile's app.yaml, in the original's key order, with the copied sections after it. */
    static Map<String, Object> appYaml(String name, Source source) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", name);
        app.put("description", "");
        doc.put("app", app);
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("topology", "topology");
        paths.put("templates", "templates");
        paths.put("checks", "checks/library");
        paths.put("metrics", "metrics/library");
        doc.put("paths", paths);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("wizard", false);
        features.put("notifications", true);
        features.put("notifications_max_visible", 10);
        features.put("playlist", false);
        features.put("offline", false);
        features.put("worldmap", true);
        features.put("show_logs", true);
        features.put("dev_tools", false);
        doc.put("features", features);
        if (source.auth() != null) {
            doc.put("auth", source.auth());
        }
        if (source.plugins() != null) {
            doc.put("plugins", source.plugins());
        }
        return doc;
    }

    /**
     * Copies the regular files of a folder (or one file) into {@code to}; hidden entries, editors' temporary
     * files and anything under {@code excluded} (the profile folders themselves) are skipped.
     */
    private static void copyTree(Path from, Path to, List<Path> excluded) throws IOException {
        if (from == null || !Files.exists(from)) {
            return;
        }
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to);
            Files.copy(from, to.resolve(from.getFileName().toString()));
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                if (skipped(rel) || excluded.stream().anyMatch(x -> p.toAbsolutePath().normalize()
                        .startsWith(x.toAbsolutePath().normalize()))) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (Files.isRegularFile(p)) {
                    Files.createDirectories(dest.getParent());
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            String n = part.toString();
            if (n.startsWith(".") || n.endsWith("~") || n.endsWith(".tmp") || n.endsWith(".swp")) {
                return true;
            }
        }
        return false;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
