package dev.rackscope.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * One section of the navigation menu. JSON: {@code {id, label, icon, items, order}}.
 *
 * @param id    section id, unique across the menu
 * @param label text shown in the sidebar
 * @param icon  Lucide icon name, or {@code null}
 * @param items entries in display order
 * @param order sort key, ascending; {@value #DEFAULT_ORDER} when a plugin has no preference
 */
public record MenuSection(String id, String label, String icon, List<MenuItem> items, int order) {

    /** The order used by the original when a section gives none. */
    public static final int DEFAULT_ORDER = 100;

    public MenuSection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        items = items == null ? List.of() : List.copyOf(items);
    }
}
