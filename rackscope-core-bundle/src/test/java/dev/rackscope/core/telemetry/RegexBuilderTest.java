package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.rackscope.core.load.InstanceExpander;

class RegexBuilderTest {

    private static String regex(String... ids) {
        return RegexBuilder.regex(Arrays.asList(ids));
    }

    @Test
    void verifiedExamplesAreByteExact() {
        assertEquals("^(?:compute00[1-3])$", regex("compute001", "compute002", "compute003"));
        assertEquals("^(?:node0[1-2])$", regex("node01", "node02"));
        assertEquals("^(?:compute0(?:0[1-2]|10))$", regex("compute001", "compute002", "compute010"));
        assertEquals("^(?:node1(?:0)?)$", regex("node1", "node10"));
        assertEquals("^(?:r0(?:1-0[1-2]|2-01))$", regex("r01-01", "r01-02", "r02-01"));
        assertEquals("^(?:(?:dev[1-2]|pdu))$", regex("dev1", "dev2", "pdu"));
        assertEquals("^(?:a)$", regex("a"));
        assertEquals(".*", RegexBuilder.regex(List.of()));
    }

    @Test
    void acceptance1PatternExpandsAndBuildsTheRegex() {
        List<String> ids = InstanceExpander.expandPattern("compute[001-003]");
        assertEquals(List.of("compute001", "compute002", "compute003"), ids);
        assertEquals("^(?:compute00[1-3])$", RegexBuilder.regex(ids));
        assertEquals(".*", RegexBuilder.regex(List.of()));
    }

    @Test
    void emptyIdsAreDroppedAndOnlyEmptyGivesDotStar() {
        assertEquals(".*", regex("", ""));
        assertEquals("^(?:a)$", regex("", "a", ""));
    }

    @Test
    void digitGroupsMergeRunsAndNonDigitGroupsAreSortedClasses() {
        assertEquals("^(?:n[1-35])$", regex("n5", "n1", "n2", "n3"));
        assertEquals("^(?:n[0-9])$", regex("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"));
        assertEquals("^(?:[ab])$", regex("b", "a"));
        assertEquals("^(?:n[13])$", regex("n3", "n1"));
        assertEquals("^(?:[1a])$", regex("a", "1"));
    }

    @Test
    void duplicatesCollapse() {
        assertEquals("^(?:a)$", regex("a", "a"));
    }

    @Test
    void onlyPromqlStringEscapingIsApplied() {
        assertEquals("^(?:a\\\\b)$", regex("a\\b"));
        assertEquals("^(?:a\\\"b)$", regex("a\"b"));
        assertEquals("^(?:a.b-c[1])$", regex("a.b-c[1]"));
        assertEquals("^(?:x[\\\"\\\\])$", regex("x\\", "x\""));
    }

    @Test
    void prefixesOfEachOtherBecomeOptionalGroups() {
        assertEquals("^(?:a(?:b(?:c)?)?)$", regex("a", "ab", "abc"));
        assertEquals("^(?:node1(?:[0-1])?)$", regex("node1", "node10", "node11"));
    }

    @Test
    void theRegexMatchesExactlyTheIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 250; i += 3) {
            ids.add(String.format("cn%04d", i));
        }
        ids.add("gpu-1");
        ids.add("gpu-12");
        Pattern p = Pattern.compile(RegexBuilder.regex(ids));
        for (String id : ids) {
            assertTrue(p.matcher(id).matches(), id);
        }
        assertFalse(p.matcher("cn0002").matches());
        assertFalse(p.matcher("gpu-2").matches());
        assertFalse(p.matcher("cn00011").matches());
    }
}
