package dev.rackscope.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PyJsonTest {

    @Test
    void pythonSeparatorsAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_seq", 7L);
        m.put("message", "GET /api/x - 200 \"q\" \\ é\n");
        m.put("duration_ms", 12.5);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1, "a"));
        assertEquals("{\"_seq\": 7, \"message\": \"GET /api/x - 200 \\\"q\\\" \\\\ \\u00e9\\n\", \"duration_ms\": 12.5, "
                + "\"ok\": true, \"none\": null, \"list\": [1, \"a\"]}", PyJson.dumps(m));
    }

    @Test
    void floatsAsPythonPrintsThem() {
        assertEquals("3.0", PyJson.pyFloat(3.0));
        assertEquals("0.01", PyJson.pyFloat(0.01));
        assertEquals("0.0001", PyJson.pyFloat(0.0001));
        assertEquals("1234.56", PyJson.pyFloat(1234.56));
    }

    @Test
    void tooManyStreamsEvent() {
        assertEquals("data: {\"error\": \"Too many concurrent log streams\"}\n\n", LogStreams.TOO_MANY);
    }
}
