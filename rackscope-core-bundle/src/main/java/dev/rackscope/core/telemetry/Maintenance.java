package dev.rackscope.core.telemetry;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One maintenance (silence) window, as stored in {@code maintenances.yaml} (telemetry spec §3.5).
 *
 * <p>Times keep the offset they were given with; a time without an offset ("naive") is taken as UTC
 * (the original would fail comparing it). Times are kept to the microsecond, like Python's datetime.
 *
 * @param id        12 hex characters
 * @param createdAt never {@code null}
 * @param startsAt  {@code null}: active from creation
 * @param expiresAt {@code null}: open-ended
 * @param endedAt   set when stopped by hand
 */
public record Maintenance(String id, TargetType targetType, String targetId, String reason, Effect effect,
                          OffsetDateTime createdAt, OffsetDateTime startsAt, OffsetDateTime expiresAt,
                          OffsetDateTime endedAt) {

    /** The status at a given instant. */
    public enum Status {
        ACTIVE, SCHEDULED, EXPIRED
    }

    /** What a maintenance covers; {@link #wire()} is the JSON/YAML spelling. */
    public enum TargetType {
        SITE, ROOM, RACK, DEVICE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type spelled exactly as on the wire ({@code "rack"}), if any. */
        public static Optional<TargetType> parse(Object value) {
            for (TargetType t : values()) {
                if (t.wire().equals(value)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** What an active maintenance does to a matching alert: drop it, or add a {@code maintenance} badge. */
    public enum Effect {
        HIDE, BADGE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Effect> parse(Object value) {
            for (Effect e : values()) {
                if (e.wire().equals(value)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }
    }

    public Maintenance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = micros(createdAt);
        startsAt = micros(startsAt);
        expiresAt = micros(expiresAt);
        endedAt = micros(endedAt);
    }

    /**
     * The status at {@code now}; the first rule that applies wins: ended → EXPIRED; now ≥ expires_at →
     * EXPIRED; now &lt; starts_at → SCHEDULED; otherwise ACTIVE.
     */
    public Status status(Instant now) {
        if (endedAt != null) {
            return Status.EXPIRED;
        }
        if (expiresAt != null && !now.isBefore(expiresAt.toInstant())) {
            return Status.EXPIRED;
        }
        if (startsAt != null && now.isBefore(startsAt.toInstant())) {
            return Status.SCHEDULED;
        }
        return Status.ACTIVE;
    }

    public boolean isActive(Instant now) {
        return status(now) == Status.ACTIVE;
    }

    public Maintenance withReason(String value) {
        return new Maintenance(id, targetType, targetId, value, effect, createdAt, startsAt, expiresAt, endedAt);
    }

    public Maintenance withEffect(Effect value) {
        return new Maintenance(id, targetType, targetId, reason, value, createdAt, startsAt, expiresAt, endedAt);
    }

    public Maintenance withStartsAt(OffsetDateTime value) {
        return new Maintenance(id, targetType, targetId, reason, effect, createdAt, value, expiresAt, endedAt);
    }

    public Maintenance withExpiresAt(OffsetDateTime value) {
        return new Maintenance(id, targetType, targetId, reason, effect, createdAt, startsAt, value, endedAt);
    }

    public Maintenance withEndedAt(OffsetDateTime value) {
        return new Maintenance(id, targetType, targetId, reason, effect, createdAt, startsAt, expiresAt, value);
    }

    /** The stored form (the original's {@code model_dump(mode="json")}): every field, nulls included. */
    public Map<String, Object> toDocument() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("target_type", targetType.wire());
        m.put("target_id", targetId);
        m.put("reason", reason);
        m.put("effect", effect.wire());
        m.put("created_at", format(createdAt));
        m.put("starts_at", format(startsAt));
        m.put("expires_at", format(expiresAt));
        m.put("ended_at", format(endedAt));
        return m;
    }

    /** The API form: the stored form plus {@code status} at {@code now}. */
    public Map<String, Object> toJson(Instant now) {
        Map<String, Object> m = toDocument();
        m.put("status", status(now).name());
        return m;
    }

    /** The {@code "maintenance"} badge the alerts endpoint adds: {@code {"id","reason"}}. */
    public Map<String, Object> badge() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("reason", reason);
        return m;
    }

    // --- times ----------------------------------------------------------------------------------

    private static OffsetDateTime micros(OffsetDateTime t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * ISO-8601 as pydantic writes it: {@code 2026-01-01T12:00:00.123456Z}. The fraction is six digits, left
     * out when zero; UTC is {@code Z}, another offset {@code +02:00}.
     */
    public static String format(OffsetDateTime t) {
        if (t == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(32);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            sb.append(year);
        } else {
            pad(sb, year, 4);
        }
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            sb.append('.');
            pad(sb, micros, 6);
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            sb.append('Z');
        } else {
            sb.append(offset < 0 ? '-' : '+');
            int abs = Math.abs(offset);
            pad(sb, abs / 3600, 2);
            sb.append(':');
            pad(sb, abs / 60 % 60, 2);
            if (abs % 60 != 0) {
                sb.append(':');
                pad(sb, abs % 60, 2);
            }
        }
        return sb.toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** A value that is not a valid datetime; the message is pydantic's (speedate's) error text. */
    public static final class TimeFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final boolean wrongType;

        TimeFormatException(String message, boolean wrongType) {
            super(message);
            this.wrongType = wrongType;
        }

        /** True when the value is not a string or a number at all (pydantic's {@code datetime_type}). */
        public boolean wrongType() {
            return wrongType;
        }
    }

    /**
     * Reads a datetime the way pydantic's lax mode does: an ISO-8601 string (date only, {@code T},
     * {@code t}, {@code _} or space separator, optional seconds and fraction, {@code Z} or {@code ±HH[:]MM}),
     * a unix timestamp as a number or a numeric string (milliseconds above 2e10), or a
     * {@link Date}/{@link OffsetDateTime}/{@link Instant} (as YAML readers produce). A time without an
     * offset is UTC.
     *
     * @throws TimeFormatException with speedate's message (for example {@code input is too short})
     */
    public static OffsetDateTime parseTime(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Date d) {
            return d.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Boolean || value == null) {
            throw new TimeFormatException("Input should be a valid datetime", true);
        }
        if (value instanceof Number n) {
            if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
                double d = n.doubleValue();
                if (Double.isNaN(d)) {
                    throw new TimeFormatException("NaN values not permitted", false);
                }
                return fromTimestamp(n instanceof java.math.BigDecimal bd ? bd : java.math.BigDecimal.valueOf(d));
            }
            return fromTimestamp(new java.math.BigDecimal(n.toString()));
        }
        if (value instanceof CharSequence cs) {
            return parseIso(cs.toString());
        }
        throw new TimeFormatException("Input should be a valid datetime", true);
    }

    private static final java.math.BigDecimal MS_THRESHOLD = java.math.BigDecimal.valueOf(20_000_000_000L);
    private static final long MAX_UNIX = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final long MIN_UNIX = -62_167_219_200L; // 0000-01-01T00:00:00Z

    private static OffsetDateTime fromTimestamp(java.math.BigDecimal v) {
        if (v.abs().compareTo(MS_THRESHOLD) > 0) {
            v = v.movePointLeft(3);
        }
        java.math.BigDecimal seconds = v.setScale(0, java.math.RoundingMode.FLOOR);
        if (seconds.compareTo(java.math.BigDecimal.valueOf(MAX_UNIX)) > 0) {
            throw new TimeFormatException("dates after 9999 are not supported as unix timestamps", false);
        }
        if (seconds.compareTo(java.math.BigDecimal.valueOf(MIN_UNIX)) < 0) {
            throw new TimeFormatException("dates before 0000 are not supported as unix timestamps", false);
        }
        long micros = v.subtract(seconds).movePointRight(6).setScale(0, java.math.RoundingMode.FLOOR).longValue();
        return Instant.ofEpochSecond(seconds.longValue(), micros * 1000).atOffset(ZoneOffset.UTC);
    }

    private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile("[+-]?\\d+(?:\\.\\d*)?");

    private static OffsetDateTime parseIso(String s) {
        TimeFormatException stringError;
        try {
            return parseIsoStrict(s);
        } catch (TimeFormatException e) {
            stringError = e;
        }
        if (NUMERIC.matcher(s).matches()) {
            try {
                return fromTimestamp(new java.math.BigDecimal(s.endsWith(".") ? s + "0" : s));
            } catch (TimeFormatException | NumberFormatException ignored) {
                // the string's own error wins when both readings fail
            }
        }
        throw stringError;
    }

    private static boolean digits(String s, int from, int to) {
        if (s.length() < to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s.substring(from, to));
    }

    private static TimeFormatException err(String msg) {
        return new TimeFormatException(msg, false);
    }

    /** speedate's RFC 3339 reading, with its error messages, in its order (digit groups before ranges). */
    private static OffsetDateTime parseIsoStrict(String s) {
        if (s.length() < 10) {
            throw err("input is too short");
        }
        if (!digits(s, 0, 4)) {
            throw err("invalid character in year");
        }
        if (s.charAt(4) != '-') {
            throw err("invalid date separator, expected `-`");
        }
        if (!digits(s, 5, 7)) {
            throw err("invalid character in month");
        }
        if (s.charAt(7) != '-') {
            throw err("invalid date separator, expected `-`");
        }
        if (!digits(s, 8, 10)) {
            throw err("invalid character in day");
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 7);
        int day = num(s, 8, 10);
        if (month < 1 || month > 12) {
            throw err("month value is outside expected range of 1-12");
        }
        if (day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            throw err("day value is outside expected range");
        }
        if (s.length() == 10) {
            return LocalDate.of(year, month, day).atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != '_' && sep != ' ') {
            throw err("invalid datetime separator, expected `T`, `t`, `_` or space");
        }
        int p = 11;
        if (s.length() - p < 5) {
            throw err("input is too short");
        }
        if (!digits(s, p, p + 2)) {
            throw err("invalid character in hour");
        }
        if (s.charAt(p + 2) != ':') {
            throw err("invalid time separator, expected `:`");
        }
        if (!digits(s, p + 3, p + 5)) {
            throw err("invalid character in minute");
        }
        int hour = num(s, p, p + 2);
        int minute = num(s, p + 3, p + 5);
        int second = 0;
        int micro = 0;
        p += 5;
        if (p < s.length() && s.charAt(p) == ':') {
            if (!digits(s, p + 1, p + 3)) {
                throw err("invalid character in second");
            }
            second = num(s, p + 1, p + 3);
            p += 3;
            if (p < s.length() && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
                int start = ++p;
                while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                    p++;
                }
                if (p == start) {
                    throw err("second fraction digits missing after `.`");
                }
                String frac = (s.substring(start, Math.min(p, start + 6)) + "000000").substring(0, 6);
                micro = Integer.parseInt(frac);
            }
        }
        if (hour > 23) {
            throw err("hour value is outside expected range of 0-23");
        }
        if (minute > 59) {
            throw err("minute value is outside expected range of 0-59");
        }
        if (second > 59) {
            throw err("second value is outside expected range of 0-59");
        }
        int offsetSeconds = 0;
        if (p < s.length()) {
            char c = s.charAt(p);
            if (c == 'Z' || c == 'z') {
                p++;
            } else if (c == '+' || c == '-') {
                if (!digits(s, p + 1, p + 3)) {
                    throw err("invalid timezone hour");
                }
                int th = num(s, p + 1, p + 3);
                p += 3;
                if (p < s.length() && s.charAt(p) == ':') {
                    p++;
                }
                if (!digits(s, p, p + 2)) {
                    throw err("invalid timezone minute");
                }
                int tm = num(s, p, p + 2);
                p += 2;
                if (tm > 59) {
                    throw err("timezone minute value is outside expected range of 0-59");
                }
                if (th * 60 + tm >= 24 * 60) {
                    throw err("timezone offset must be less than 24 hours");
                }
                offsetSeconds = (c == '-' ? -1 : 1) * (th * 3600 + tm * 60);
            } else {
                throw err("invalid timezone sign");
            }
        }
        if (p < s.length()) {
            throw err("unexpected extra characters at the end of the input");
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, micro * 1000);
        try {
            return local.atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            // Python allows offsets up to 24 h, java.time up to 18 h: keep the instant, in UTC
            return local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds).atOffset(ZoneOffset.UTC);
        }
    }
}
