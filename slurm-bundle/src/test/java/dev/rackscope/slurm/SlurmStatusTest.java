package dev.rackscope.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rackscope.slurm.SlurmStatus.Normalized;

/** Normalisation, severity and rank (slurm.md §3.4–3.6, acceptance §6.1–9). */
class SlurmStatusTest {

    private static final SlurmStatus DEFAULT = new SlurmStatus(SlurmConfig.defaults().statusMap());

    private static String severity(String raw) {
        return DEFAULT.severity(SlurmStatus.normalize(raw));
    }

    @Test
    void idleWithAndWithoutStar() { // §6.1
        assertEquals(new Normalized("idle", false, ""), SlurmStatus.normalize("idle"));
        assertEquals(new Normalized("idle", true, "*"), SlurmStatus.normalize("idle*"));
    }

    @Test
    void aliasesCaseAndWhiteSpaceAreNormalised() { // §6.2
        assertEquals("allocated", SlurmStatus.normalize("alloc").status());
        assertEquals(new Normalized("allocated", true, "*"), SlurmStatus.normalize("AlLoC*"));
        assertEquals("idle", SlurmStatus.normalize("IDLE").status());
        assertEquals(new Normalized("idle", false, ""), SlurmStatus.normalize("  idle  "));
    }

    @Test
    void emptyAndNullGiveEmptyStatusWithoutStar() { // §6.3
        assertEquals(new Normalized("", false, ""), SlurmStatus.normalize(""));
        assertEquals(new Normalized("", false, ""), SlurmStatus.normalize(null));
    }

    @ParameterizedTest // §6.4
    @CsvSource({"comp,completing", "drng,draining", "failg,failing", "futr,future", "mix,mixed", "plnd,planned",
        "pow_dn,power_down", "pow_up,power_up", "resv,reserved", "unk,unknown", "block,blocked", "maint,maint",
        "alloc,allocated"})
    void aliasTable(String alias, String status) {
        assertEquals(status, SlurmStatus.normalize(alias).status());
    }

    @Test
    void starIsCritEvenWhenTheStateIsOk() { // §6.5
        assertEquals(SlurmStatus.CRIT, DEFAULT.severity(new Normalized("idle", true, "*")));
        assertEquals(SlurmStatus.OK, severity("idle"));
    }

    @Test
    void severitiesUnderTheDefaultMap() { // §6.6
        assertEquals(SlurmStatus.CRIT, severity("down"));
        assertEquals(SlurmStatus.WARN, severity("mixed"));
        assertEquals(SlurmStatus.OK, severity("idle"));
        assertEquals(SlurmStatus.UNKNOWN, severity("custom_status"));
        assertEquals(SlurmStatus.UNKNOWN, severity("future"));
    }

    @Test
    void ranks() { // §6.7
        assertEquals(0, SlurmStatus.rank("UNKNOWN"));
        assertEquals(1, SlurmStatus.rank("OK"));
        assertEquals(2, SlurmStatus.rank("WARN"));
        assertEquals(3, SlurmStatus.rank("CRIT"));
        assertEquals(0, SlurmStatus.rank("INFO"));
        assertEquals(0, SlurmStatus.rank(null));
    }

    @Test
    void poweredOffIdleIsIdleAndOkFixedPer71() { // §6.8 encodes the defect: the original kept "idle~", UNKNOWN
        Normalized n = SlurmStatus.normalize("idle~");
        assertEquals(new Normalized("idle", false, "~"), n);
        assertEquals(SlurmStatus.OK, DEFAULT.severity(n));
    }

    @Test
    void downStarIsDownAndCrit() { // §6.8
        assertEquals(new Normalized("down", true, "*"), SlurmStatus.normalize("down*"));
        assertEquals(SlurmStatus.CRIT, severity("down*"));
    }

    @Test
    void infoListGivesInfo() { // §6.9
        Map<String, List<String>> m = new LinkedHashMap<>(SlurmConfig.defaults().statusMap());
        m.put("ok", List.of("allocated", "completing"));
        m.put("info", List.of("idle"));
        assertEquals(SlurmStatus.INFO, new SlurmStatus(m).severity(SlurmStatus.normalize("idle")));
    }

    @ParameterizedTest(name = "suffix {0}")
    @CsvSource(delimiter = '|', value = {"*|true", "~|false", "#|false", "!|false", "%|false", "$|false", "@|false",
        "^|false", "-|false"})
    void everySlurmSuffixFlagIsStripped(String flag, boolean star) {
        Normalized n = SlurmStatus.normalize("IDLE" + flag);
        assertEquals("idle", n.status());
        assertEquals(star, n.star());
        assertEquals(flag, n.flags());
        assertEquals(star ? SlurmStatus.CRIT : SlurmStatus.OK, DEFAULT.severity(n));
        assertTrue(SlurmStatus.FLAG_MEANINGS.containsKey(flag.charAt(0)));
    }

    @Test
    void flagsAreStrippedBeforeTheAliasIsResolved() {
        assertEquals(new Normalized("allocated", false, "#"), SlurmStatus.normalize("alloc#"));
        assertEquals(new Normalized("mixed", false, "@"), SlurmStatus.normalize("MIX@"));
        assertEquals(new Normalized("power_down", false, "%"), SlurmStatus.normalize("pow_dn%"));
    }

    @Test
    void severalFlagsAreAllStrippedAndAnyStarCounts() {
        assertEquals(new Normalized("idle", true, "~*"), SlurmStatus.normalize("idle~*"));
        assertEquals(new Normalized("down", true, "*$"), SlurmStatus.normalize("down*$"));
        assertEquals(new Normalized("", true, "*"), SlurmStatus.normalize("*"));
    }

    @Test
    void flagCharactersInsideAStateAreKept() {
        assertEquals("power-save", SlurmStatus.normalize("power-save").status());
        assertEquals("a#b", SlurmStatus.normalize("a#b~").status());
    }

    @Test
    void aStatusMapEntryMayNameAFlaggedStateWhichWinsOverThePlainState() {
        Map<String, List<String>> m = new LinkedHashMap<>(SlurmConfig.defaults().statusMap());
        m.put("warn", List.of("idle~"));
        SlurmStatus s = new SlurmStatus(m);
        assertEquals(SlurmStatus.WARN, s.severity(SlurmStatus.normalize("idle~")));
        assertEquals(SlurmStatus.OK, s.severity(SlurmStatus.normalize("idle")));
        assertEquals(SlurmStatus.OK, s.severity(SlurmStatus.normalize("idle#")));
        assertEquals(SlurmStatus.CRIT, s.severity(SlurmStatus.normalize("idle~*")));
    }

    @Test
    void statusMapEntriesAreNormalisedLikeStatesFixedPer72() { // the original never matched aliases or capitals
        Map<String, List<String>> m = Map.of("ok", List.of("ALLOC"), "warn", List.of("Mix"), "crit", List.of(),
                "info", List.of("futr"));
        SlurmStatus s = new SlurmStatus(m);
        assertEquals(SlurmStatus.OK, s.severity(SlurmStatus.normalize("allocated")));
        assertEquals(SlurmStatus.WARN, s.severity(SlurmStatus.normalize("mixed")));
        assertEquals(SlurmStatus.INFO, s.severity(SlurmStatus.normalize("future")));
    }

    @Test
    void ruleOrderIsCritThenWarnThenOkThenInfo() {
        Map<String, List<String>> m = Map.of("ok", List.of("x", "y", "z"), "warn", List.of("x", "y"),
                "crit", List.of("x"), "info", List.of("x", "y", "z", "w"));
        SlurmStatus s = new SlurmStatus(m);
        assertEquals(SlurmStatus.CRIT, s.severity(SlurmStatus.normalize("x")));
        assertEquals(SlurmStatus.WARN, s.severity(SlurmStatus.normalize("y")));
        assertEquals(SlurmStatus.OK, s.severity(SlurmStatus.normalize("z")));
        assertEquals(SlurmStatus.INFO, s.severity(SlurmStatus.normalize("w")));
    }

    @Test
    void classifyCachesPerRawValue() {
        SlurmStatus s = new SlurmStatus(SlurmConfig.defaults().statusMap());
        SlurmStatus.Classified c = s.classify("down*");
        assertEquals(new SlurmStatus.Classified("down", true, "*", "CRIT", 3), c);
        assertSame(c, s.classify("down*"));
        assertFalse(s.classify("IDLE").star());
        assertEquals("idle", s.classify("IDLE").status());
    }
}
