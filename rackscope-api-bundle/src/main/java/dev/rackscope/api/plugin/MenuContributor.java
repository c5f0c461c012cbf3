package dev.rackscope.api.plugin;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service that contributes sections to the navigation menu ({@code GET /api/plugins/menu}).
 *
 * <p>The core tracks every {@code MenuContributor} dynamically and serves the union of their sections
 * sorted by {@link MenuSection#order()}. A contributor that throws contributes nothing; the others are
 * unaffected. Called on every menu request, so implementations should be cheap.
 */
@ConsumerType
public interface MenuContributor {

    /** The sections this service contributes now; an empty list hides it from the menu. */
    List<MenuSection> menuSections();
}
