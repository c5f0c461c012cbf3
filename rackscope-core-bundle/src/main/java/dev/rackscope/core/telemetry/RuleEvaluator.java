package dev.rackscope.core.telemetry;

import java.util.List;
import java.util.OptionalDouble;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.api.telemetry.Severity;

/**
 * The severity of one result item for a check (telemetry.md §2.8), with the check's rules parsed once.
 *
 * <ul>
 * <li>No instant value (missing, or a matrix item) or a value that does not parse as a number:
 * the literal {@code UNKNOWN}. {@code NaN}, {@code +Inf}, {@code -Inf} parse
 * ({@link Series#parseNumber}).</li>
 * <li>Every rule is evaluated (IEEE comparisons: with NaN only {@code !=} holds); a rule whose value
 * does not parse, or whose operator is unknown, never matches.</li>
 * <li>The result is the worst matched severity (planner order), or {@code OK} when none matched.
 * An unrecognised severity word ranks like OK.</li>
 * </ul>
 * {@code output} has no effect. Immutable and thread-safe.
 */
public final class RuleEvaluator {

    private static final int EQ = 0;
    private static final int NE = 1;
    private static final int GT = 2;
    private static final int GE = 3;
    private static final int LT = 4;
    private static final int LE = 5;

    private final int[] ops;
    private final double[] thresholds;
    private final Severity[] severities;

    private RuleEvaluator(int[] ops, double[] thresholds, Severity[] severities) {
        this.ops = ops;
        this.thresholds = thresholds;
        this.severities = severities;
    }

    /** The evaluator of {@code check}'s rules. */
    public static RuleEvaluator of(CheckDefinition check) {
        List<CheckDefinition.Rule> rules = check.rules() == null ? List.of() : check.rules();
        int n = 0;
        int[] ops = new int[rules.size()];
        double[] thresholds = new double[rules.size()];
        Severity[] severities = new Severity[rules.size()];
        for (CheckDefinition.Rule rule : rules) {
            if (rule == null) {
                continue;
            }
            int op = op(rule.op());
            OptionalDouble value = rule.value() == null ? OptionalDouble.empty()
                    : Series.parseNumber(String.valueOf(rule.value()));
            if (op < 0 || value.isEmpty()) {
                continue; // never matches
            }
            Severity sev = Severity.parse(rule.severity());
            ops[n] = op;
            thresholds[n] = value.getAsDouble();
            severities[n] = sev == null ? Severity.OK : sev;
            n++;
        }
        return new RuleEvaluator(java.util.Arrays.copyOf(ops, n), java.util.Arrays.copyOf(thresholds, n),
                java.util.Arrays.copyOf(severities, n));
    }

    /** The severity of {@code item} under {@code check} (parses the rules each call; prefer {@link #of}). */
    public static Severity evaluate(CheckDefinition check, Series item) {
        return of(check).evaluate(item);
    }

    /** The severity of one result item. */
    public Severity evaluate(Series item) {
        if (item == null || item.value() == null) {
            return Severity.UNKNOWN;
        }
        OptionalDouble v = Series.parseNumber(item.value());
        return v.isPresent() ? evaluate(v.getAsDouble()) : Severity.UNKNOWN;
    }

    /** The severity of a numeric sample. */
    public Severity evaluate(double value) {
        Severity worst = null;
        for (int i = 0; i < ops.length; i++) {
            if (matches(ops[i], value, thresholds[i])) {
                worst = Severity.worse(worst, severities[i]);
            }
        }
        return worst == null ? Severity.OK : worst;
    }

    private static boolean matches(int op, double v, double t) {
        return switch (op) {
            case EQ -> v == t;
            case NE -> v != t;
            case GT -> v > t;
            case GE -> v >= t;
            case LT -> v < t;
            case LE -> v <= t;
            default -> false;
        };
    }

    private static int op(String op) {
        if (op == null) {
            return -1;
        }
        return switch (op) {
            case "==" -> EQ;
            case "!=" -> NE;
            case ">" -> GT;
            case ">=" -> GE;
            case "<" -> LT;
            case "<=" -> LE;
            default -> -1;
        };
    }
}
