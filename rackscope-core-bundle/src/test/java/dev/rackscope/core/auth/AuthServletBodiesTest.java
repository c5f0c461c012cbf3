package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.http.Json;
import dev.rackscope.api.http.ValidationException;

class AuthServletBodiesTest {

    @Test
    void requiredStringsAreValidatedTogetherWithTheOriginalsEntries() throws Exception {
        ValidationException e = assertThrows(ValidationException.class,
                () -> AuthServlet.strings(Json.mapper().readTree("{\"password\": 5}"), "username", "password"));
        List<Map<String, Object>> errors = e.errors();
        assertEquals(2, errors.size(), "every problem at once, as pydantic reports them");
        assertEquals("missing", errors.get(0).get("type"));
        assertEquals(List.of("body", "username"), errors.get(0).get("loc"));
        assertEquals("Field required", errors.get(0).get("msg"));
        assertEquals("string_type", errors.get(1).get("type"));
        assertEquals(List.of("body", "password"), errors.get(1).get("loc"));
        assertEquals(5, errors.get(1).get("input"));
    }

    @Test
    void stringsArePassedAsSent() throws Exception {
        assertEquals(Map.of("username", " admin ", "password", ""),
                AuthServlet.strings(Json.mapper().readTree("{\"username\":\" admin \",\"password\":\"\",\"x\":1}"),
                        "username", "password"));
    }

    @Test
    void hashOfMissingSections() {
        assertEquals("", AuthServlet.hashOf(null));
        assertEquals("h", AuthServlet.hashOf(AuthServiceTest.auth("a", "h", "", "8h")));
    }
}
