package dev.rackscope.api.snapshot;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes the current {@link Snapshot}. Provided by the core; plugins read {@link #current()} per
 * request (or listen through {@link SnapshotListener}).
 */
@ProviderType
public interface SnapshotService {

    /** The snapshot serving now; never {@code null}. */
    Snapshot current();

    /** The error of the last reload when it failed (the current snapshot is then the previous one). */
    Optional<LoadError> lastError();
}
