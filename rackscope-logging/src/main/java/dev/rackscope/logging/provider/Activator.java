package dev.rackscope.logging.provider;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dev.rackscope.logging.LogBuffer;

/** Publishes the process-wide {@link LogBuffer} as an OSGi service for the core's log endpoints. */
public final class Activator implements BundleActivator {

    private ServiceRegistration<LogBuffer> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(LogBuffer.class, Shared.BUFFER, null);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
