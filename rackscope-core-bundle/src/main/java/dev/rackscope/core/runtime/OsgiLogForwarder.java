package dev.rackscope.core.runtime;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards what infrastructure bundles write to the OSGi Log Service (FileInstall's install errors for
 * a corrupt jar, SCR's component activation failures…) to the server's log, where operators look.
 * Debug entries are dropped; everything else keeps its level and names the bundle.
 */
@Component(immediate = true)
public final class OsgiLogForwarder implements LogListener {

    private final LogReaderService reader;

    @Activate
    public OsgiLogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    /** The log service records every bundle and service event at INFO; those are for debugging only. */
    private static boolean isEventNoise(String message) {
        return message != null && (message.startsWith("BundleEvent ") || message.startsWith("ServiceEvent ")
                || message.startsWith("FrameworkEvent STARTED") || message.startsWith("FrameworkEvent STARTLEVEL"));
    }

    @Override
    public void logged(LogEntry entry) {
        String source = entry.getBundle() == null ? "osgi" : entry.getBundle().getSymbolicName();
        Logger log = LoggerFactory.getLogger(source == null ? "osgi" : source);
        String message = entry.getMessage();
        Throwable error = entry.getException();
        switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> log.error(message, error);
            case WARN -> log.warn(message, error);
            case INFO -> {
                if (!isEventNoise(message)) {
                    log.info(message, error);
                }
            }
            default -> {
                // debug and trace entries are too chatty for the server log
            }
        }
    }
}
