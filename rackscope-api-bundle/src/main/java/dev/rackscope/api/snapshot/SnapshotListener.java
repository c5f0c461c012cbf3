package dev.rackscope.api.snapshot;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service told after every swap of the snapshot. Called on the reload thread: return
 * quickly and never throw (an exception is logged and ignored).
 */
@ConsumerType
public interface SnapshotListener {

    void snapshotChanged(Snapshot previous, Snapshot current);
}
