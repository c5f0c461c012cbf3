package dev.rackscope.core.snapshot;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import dev.rackscope.core.config.ConfigLocation;

/**
 * Begins the {@linkplain InitialLoad first load} of app.yaml (the file {@link ConfigLocation} names, the one
 * the configuration bridge will use) as the core bundle starts, before SCR activates its components: on a
 * cold start the load then runs beside the activation of the servlets and services instead of after it.
 * Everything else in the core is a DS component.
 */
public final class CoreActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        InitialLoad.begin(ConfigLocation.from(context.getProperty(ConfigLocation.PROPERTY)).appConfigFile());
    }

    @Override
    public void stop(BundleContext context) {
        InitialLoad.discard();
    }
}
