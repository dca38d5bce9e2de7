package dev.edgetl.devices.profiles;

/**
 * A number from a profile together with where it comes from (a datasheet, a spec page, a measurement or a
 * stated assumption). Profiles carry no bare numbers: a reader can always check or replace one.
 */
public record Sourced(double value, String unit, String source) {
    public String describe() {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
        return v + (unit == null || unit.isEmpty() ? "" : " " + unit);
    }
}
