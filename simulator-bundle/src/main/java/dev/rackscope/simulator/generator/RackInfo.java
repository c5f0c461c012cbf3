package dev.rackscope.simulator.generator;

/** Site, room and aisle of a rack, taken from the first target seen in it. */
public record RackInfo(String rackId, String siteId, String roomId, String aisleId) {
}
