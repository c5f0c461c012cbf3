package dev.rackscope.core.telemetry;

import static dev.rackscope.core.telemetry.TelemetryFixtures.check;
import static dev.rackscope.core.telemetry.TelemetryFixtures.node;
import static dev.rackscope.core.telemetry.TelemetryFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.CheckDefinition;
import dev.rackscope.api.telemetry.Series;
import dev.rackscope.api.telemetry.Severity;

class RuleEvaluatorTest {

    private static final CheckDefinition UP = check("node_up", "node", "up", rule("==", 0, "CRIT"));
    private static final CheckDefinition TEMP = check("temp", "node", "t", rule(">", 75, "WARN"),
            rule(">", 90, "CRIT"));

    private static Severity eval(CheckDefinition c, String value) {
        return RuleEvaluator.evaluate(c, node("n1", value));
    }

    @Test
    void acceptance4UpEqualsZeroIsCrit() {
        assertEquals(Severity.CRIT, eval(UP, "0"));
        assertEquals(Severity.OK, eval(UP, "1"));
    }

    @Test
    void acceptance5WorstMatchedRuleWinsAndNanIsOk() {
        assertEquals(Severity.WARN, eval(TEMP, "80"));
        assertEquals(Severity.CRIT, eval(TEMP, "95"));
        assertEquals(Severity.OK, eval(TEMP, "NaN"));
        assertEquals(Severity.OK, eval(TEMP, "50"));
    }

    @Test
    void acceptance6MissingValueBadRuleValueAndExplicitUnknown() {
        assertEquals(Severity.UNKNOWN, RuleEvaluator.evaluate(UP, new Series(Map.of("instance", "n1"), null, null,
                null)));
        CheckDefinition bad = check("c", "node", "x", rule("==", "abc", "CRIT"));
        assertEquals(Severity.OK, eval(bad, "0"));
        CheckDefinition unknown = check("c", "node", "x", rule("!=", 1, "UNKNOWN"));
        assertEquals(Severity.UNKNOWN, eval(unknown, "5"));
        assertEquals(Severity.OK, eval(unknown, "1"));
    }

    @Test
    void infinitiesAndNanFollowIeee() {
        assertEquals(Severity.CRIT, eval(TEMP, "+Inf"));
        assertEquals(Severity.OK, eval(TEMP, "-Inf"));
        CheckDefinition ne = check("c", "node", "x", rule("!=", 1, "WARN"));
        assertEquals(Severity.WARN, eval(ne, "NaN"));
        CheckDefinition eqNan = check("c", "node", "x", rule("==", "nan", "CRIT"));
        assertEquals(Severity.OK, eval(eqNan, "NaN"));
        CheckDefinition infRule = check("c", "node", "x", rule(">=", "inf", "CRIT"));
        assertEquals(Severity.CRIT, eval(infRule, " +inf "));
    }

    @Test
    void unparsableValuesAndMatrixItemsAreLiteralUnknown() {
        assertEquals(Severity.UNKNOWN, eval(UP, "abc"));
        assertEquals(Severity.UNKNOWN, eval(UP, ""));
        Series matrix = new Series(Map.of("instance", "n1"), null, null, List.of(List.of(1.0, "0")));
        assertEquals(Severity.UNKNOWN, RuleEvaluator.evaluate(UP, matrix));
    }

    @Test
    void everyOperatorAndRuleValueTypes() {
        assertEquals(Severity.CRIT, eval(check("c", "node", "x", rule("<", 1.5, "CRIT")), "1"));
        assertEquals(Severity.CRIT, eval(check("c", "node", "x", rule("<=", "1", "CRIT")), "1.0"));
        assertEquals(Severity.CRIT, eval(check("c", "node", "x", rule(">=", 1L, "CRIT")), "1e0"));
        assertEquals(Severity.OK, eval(check("c", "node", "x", rule("=~", 1, "CRIT")), "1"));
        assertEquals(Severity.OK, eval(check("c", "node", "x", rule("==", true, "CRIT")), "1"));
        assertEquals(Severity.OK, eval(check("c", "node", "x"), "1"));
    }

    @Test
    void ruleOrderDoesNotMatterAndOkRuleCanMatch() {
        CheckDefinition a = check("c", "node", "x", rule(">", 90, "CRIT"), rule(">", 75, "WARN"),
                rule(">", 0, "OK"));
        assertEquals(Severity.CRIT, eval(a, "95"));
        assertEquals(Severity.OK, eval(a, "10"));
        CheckDefinition u = check("c", "node", "x", rule(">", 0, "OK"), rule(">", 0, "UNKNOWN"));
        assertEquals(Severity.UNKNOWN, eval(u, "1"));
    }
}
