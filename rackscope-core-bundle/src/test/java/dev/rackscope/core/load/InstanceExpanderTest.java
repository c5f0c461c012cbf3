package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.model.Device;

class InstanceExpanderTest {

    @Test
    void emptyFormsGiveNoInstances() {
        assertEquals(List.of(), InstanceExpander.expand(Map.of()));
        assertEquals(List.of(), InstanceExpander.expand(List.of()));
        assertEquals(List.of(), InstanceExpander.expand(""));
        assertEquals(List.of(), InstanceExpander.expand(null));
    }

    @Test
    void slotMapGivesItsValuesInMapOrderLiterally() {
        Map<String, String> slots = new LinkedHashMap<>();
        slots.put("3", "c003");
        slots.put("1", "c[1-2]");
        slots.put("2", "c002");
        assertEquals(List.of("c003", "c[1-2]", "c002"), InstanceExpander.expand(slots));
    }

    @Test
    void listGivesItsElementsLiterally() {
        assertEquals(List.of("b", "a[1-3]", "b"), InstanceExpander.expand(List.of("b", "a[1-3]", "b")));
    }

    @Test
    void stringWithoutBracketGroupIsOneLiteralName() {
        assertEquals(List.of("login01"), InstanceExpander.expand("login01"));
        assertEquals(List.of("n[1-3"), InstanceExpander.expand("n[1-3"));
        assertEquals(List.of("n[-3]"), InstanceExpander.expand("n[-3]"));
        assertEquals(List.of("n[a-b]"), InstanceExpander.expand("n[a-b]"));
    }

    @Test
    void rangeIsZeroPaddedToTheLengthOfItsStart() {
        assertEquals(List.of("n08", "n09", "n10", "n11"), InstanceExpander.expand("n[08-11]"));
        assertEquals(List.of("compute001", "compute002", "compute003"), InstanceExpander.expand("compute[001-003]"));
    }

    @Test
    void paddingFollowsStartNotEnd() {
        assertEquals(List.of("n1", "n2", "n3"), InstanceExpander.expand("n[1-003]"));
    }

    @Test
    void suffixAfterTheRangeIsKept() {
        assertEquals(List.of("n1x", "n2x", "n3x"), InstanceExpander.expand("n[1-3]x"));
    }

    @Test
    void onlyTheFirstBracketGroupIsExpanded() {
        assertEquals(List.of("a1b[3-4]", "a2b[3-4]"), InstanceExpander.expand("a[1-2]b[3-4]"));
    }

    @Test
    void firstBracketThatHoldsARangeWinsOverEarlierNonRangeBrackets() {
        assertEquals(List.of("a[x]1", "a[x]2"), InstanceExpander.expand("a[x][1-2]"));
    }

    @Test
    void endBeforeStartGivesNoInstances() {
        assertEquals(List.of(), InstanceExpander.expand("n[5-3]"));
    }

    @Test
    void singleElementRange() {
        assertEquals(List.of("n7"), InstanceExpander.expand("n[7-7]"));
    }

    @Test
    void rangeOfExactlyTheCapIsAllowed() {
        List<String> names = InstanceExpander.expand("n[00001-10000]");
        assertEquals(10_000, names.size());
        assertEquals("n00001", names.get(0));
        assertEquals("n10000", names.get(9_999));
    }

    @Test
    void rangeOverTheCapIsAnError() {
        InstanceExpander.RangeTooLargeException e = assertThrows(InstanceExpander.RangeTooLargeException.class,
                () -> InstanceExpander.expand("n[1-10001]"));
        assertEquals("n[1-10001]", e.pattern());
        assertTrue(e.getMessage().contains("10001"), e.getMessage());
    }

    @Test
    void hugeDigitRunsAreHandledWithoutOverflow() {
        assertEquals(List.of("x99999999999999999999", "x100000000000000000000"),
                InstanceExpander.expand("x[99999999999999999999-100000000000000000000]"));
        assertThrows(InstanceExpander.RangeTooLargeException.class,
                () -> InstanceExpander.expand("x[1-99999999999999999999999]"));
    }

    @Test
    void unicodeDecimalDigitsCountAsDigitsLikePython() {
        // Python's \d and int() accept any decimal digit; the output uses ASCII digits.
        assertEquals(List.of("n1", "n2"), InstanceExpander.expand("n[\u0661-\u0662]"));
    }

    @Test
    void deviceInstancesUseInstanceAndIgnoreLegacyNodes() {
        Device d = new Device("d", "D", "t", 1, Map.of(), "n[1-4]", null);
        assertEquals(List.of(), InstanceExpander.instances(d));
        Device e = new Device("e", "E", "t", 1, "gpu[1-2]", null, null);
        assertEquals(List.of("gpu1", "gpu2"), InstanceExpander.instances(e));
    }

    @Test
    void expandedListIsImmutable() {
        List<String> names = InstanceExpander.expand("n[1-2]");
        assertThrows(UnsupportedOperationException.class, () -> names.add("x"));
    }
}
