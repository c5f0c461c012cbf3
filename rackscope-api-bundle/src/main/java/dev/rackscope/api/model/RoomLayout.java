package dev.rackscope.api.model;

/** A room's floor plan hints; JSON {@code {shape, size, orientation, grid, door}}. */
public record RoomLayout(String shape, Size size, Orientation orientation, Grid grid, Door door) {

    public record Size(double width, double height) {
    }

    public record Orientation(String north) {
    }

    public record Grid(boolean enabled, double cell) {
    }

    public record Door(String side, String label, double position) {
    }
}
