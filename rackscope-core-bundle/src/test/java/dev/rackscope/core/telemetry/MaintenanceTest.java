package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.core.telemetry.Maintenance.Effect;
import dev.rackscope.core.telemetry.Maintenance.Status;
import dev.rackscope.core.telemetry.Maintenance.TargetType;

class MaintenanceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static OffsetDateTime t(String iso) {
        return Maintenance.parseTime(iso);
    }

    private static Maintenance entry(String starts, String expires, String ended) {
        return new Maintenance("abc123def456", TargetType.RACK, "r1", "work", Effect.BADGE,
                t("2025-12-31T00:00:00Z"), starts == null ? null : t(starts), expires == null ? null : t(expires),
                ended == null ? null : t(ended));
    }

    @Test
    void noTimesIsActive() {
        assertEquals(Status.ACTIVE, entry(null, null, null).status(NOW));
    }

    @Test
    void endedWinsOverEverything() {
        assertEquals(Status.EXPIRED, entry("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z",
                "2026-01-01T11:00:00Z").status(NOW));
        // ended_at in the future still means ended
        assertEquals(Status.EXPIRED, entry(null, null, "2030-01-01T00:00:00Z").status(NOW));
    }

    @Test
    void expiresAtIsInclusive() {
        assertEquals(Status.EXPIRED, entry(null, "2026-01-01T12:00:00Z", null).status(NOW));
        assertEquals(Status.ACTIVE, entry(null, "2026-01-01T12:00:00.000001Z", null).status(NOW));
        assertEquals(Status.EXPIRED, entry(null, "2026-01-01T11:59:59Z", null).status(NOW));
    }

    @Test
    void expiredBeatsScheduled() {
        assertEquals(Status.EXPIRED, entry("2026-06-01T00:00:00Z", "2026-01-01T00:00:00Z", null).status(NOW));
    }

    @Test
    void startsAtIsExclusiveForScheduled() {
        assertEquals(Status.SCHEDULED, entry("2026-01-01T12:00:00.000001Z", null, null).status(NOW));
        assertEquals(Status.ACTIVE, entry("2026-01-01T12:00:00Z", null, null).status(NOW));
        assertEquals(Status.ACTIVE, entry("2026-01-01T11:00:00Z", "2026-01-01T13:00:00Z", null).status(NOW));
    }

    @Test
    void naiveTimeIsUtc() {
        OffsetDateTime naive = t("2026-01-01T12:30:00");
        assertEquals(ZoneOffset.UTC, naive.getOffset());
        assertEquals(Instant.parse("2026-01-01T12:30:00Z"), naive.toInstant());
        assertEquals(Status.SCHEDULED, entry("2026-01-01T12:30:00", null, null).status(NOW));
        assertEquals(Status.EXPIRED, entry(null, "2026-01-01T12:00:00", null).status(NOW));
        // a naive time with +01:00 would have been 11:30Z: offsets are honoured
        assertEquals(Status.ACTIVE, entry("2026-01-01T12:30:00+01:00", null, null).status(NOW));
        // a date alone is midnight UTC
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), t("2026-01-02").toInstant());
    }

    @Test
    void formatIsPydanticIso() {
        assertEquals("2026-01-01T12:00:00.123456Z", Maintenance.format(t("2026-01-01T12:00:00.123456Z")));
        assertEquals("2026-01-01T12:00:00.123456Z", Maintenance.format(t("2026-01-01T12:00:00.123456789+00:00")));
        assertEquals("2026-01-01T12:00:00.100000Z", Maintenance.format(t("2026-01-01T12:00:00.1Z")));
        assertEquals("2026-01-01T12:00:00Z", Maintenance.format(t("2026-01-01T12:00:00")));
        assertEquals("2026-01-01T12:00:00+02:00", Maintenance.format(t("2026-01-01 12:00:00+0200")));
        assertEquals("2026-01-01T12:00:00-05:30", Maintenance.format(t("2026-01-01t12:00-05:30")));
        assertEquals(null, Maintenance.format(null));
    }

    @Test
    void timestampsAndYamlDates() {
        assertEquals(Instant.parse("2017-05-05T19:27:24Z"), t("1494012444").toInstant());
        assertEquals(Instant.parse("2017-05-05T19:27:24Z"), Maintenance.parseTime(1494012444L).toInstant());
        assertEquals(Instant.parse("2017-05-05T19:27:24Z"), Maintenance.parseTime(1494012444000L).toInstant());
        assertEquals(Instant.parse("2017-05-05T19:27:24.883309Z"),
                Maintenance.parseTime(new java.math.BigDecimal("1494012444.883309")).toInstant());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"),
                Maintenance.parseTime(Date.from(Instant.parse("2026-01-01T00:00:00Z"))).toInstant());
    }

    @Test
    void parseErrorsUseSpeedateMessages() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "input is too short");
        cases.put("tomorrow", "input is too short");
        cases.put("2012-04-3", "input is too short");
        cases.put("+2012-04-23", "invalid character in year");
        cases.put("2012X04-23", "invalid date separator, expected `-`");
        cases.put("2012-ab-23", "invalid character in month");
        cases.put("2012-04-ab", "invalid character in day");
        cases.put("2012-13-01", "month value is outside expected range of 1-12");
        cases.put("2013-02-29", "day value is outside expected range");
        cases.put("2012-13-0x", "invalid character in day");
        cases.put("2012-04-23extra", "invalid datetime separator, expected `T`, `t`, `_` or space");
        cases.put("2012-04-23T", "input is too short");
        cases.put("2012-04-23T1:05:00", "invalid character in hour");
        cases.put("2012-04-23T00X00:00", "invalid time separator, expected `:`");
        cases.put("2012-04-23T00:ab:00", "invalid character in minute");
        cases.put("2012-04-23T00:00:ab", "invalid character in second");
        cases.put("2012-04-23T25:00:00", "hour value is outside expected range of 0-23");
        cases.put("2012-04-23T00:60:00", "minute value is outside expected range of 0-59");
        cases.put("2012-04-23T00:00:60", "second value is outside expected range of 0-59");
        cases.put("2012-04-23T00:00:00X", "invalid timezone sign");
        cases.put("2012-04-23T00:00X00", "invalid timezone sign");
        cases.put("2012-04-23T00:00:00+0", "invalid timezone hour");
        cases.put("2012-04-23T00:00:00+23", "invalid timezone minute");
        cases.put("2012-04-23T00:00:00+00:60", "timezone minute value is outside expected range of 0-59");
        cases.put("2012-04-23T00:00:00+24:00", "timezone offset must be less than 24 hours");
        cases.put("2012-04-23T00:00:00.", "second fraction digits missing after `.`");
        cases.put("2012-04-23T00:00:00Zextra", "unexpected extra characters at the end of the input");
        cases.put("99999999999999999999", "invalid date separator, expected `-`");
        cases.forEach((input, message) -> {
            Maintenance.TimeFormatException e = assertThrows(Maintenance.TimeFormatException.class,
                    () -> Maintenance.parseTime(input), input);
            assertEquals(message, e.getMessage(), input);
        });
        assertTrue(assertThrows(Maintenance.TimeFormatException.class, () -> Maintenance.parseTime(true))
                .wrongType());
        assertTrue(assertThrows(Maintenance.TimeFormatException.class, () -> Maintenance.parseTime(List.of()))
                .wrongType());
    }

    @Test
    void jsonHasEveryFieldInOrderWithStatus() {
        Maintenance m = entry(null, "2026-02-01T00:00:00Z", null);
        Map<String, Object> json = m.toJson(NOW);
        assertEquals(List.of("id", "target_type", "target_id", "reason", "effect", "created_at", "starts_at",
                "expires_at", "ended_at", "status"), List.copyOf(json.keySet()));
        assertEquals("rack", json.get("target_type"));
        assertEquals("badge", json.get("effect"));
        assertEquals("2026-02-01T00:00:00Z", json.get("expires_at"));
        assertEquals(null, json.get("starts_at"));
        assertTrue(json.containsKey("ended_at"));
        assertEquals("ACTIVE", json.get("status"));
        assertEquals(Map.of("id", "abc123def456", "reason", "work"), m.badge());
    }
}
