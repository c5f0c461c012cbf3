package dev.rackscope.api.plugin;

import java.util.Objects;

/**
 * One entry of a {@link MenuSection}. JSON: {@code {id, label, path, icon}}.
 *
 * @param id    item id
 * @param label text shown
 * @param path  UI route the item opens, for example {@code /slurm/overview}
 * @param icon  Lucide icon name, or {@code null}
 */
public record MenuItem(String id, String label, String path, String icon) {

    public MenuItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(path, "path");
    }
}
