package dev.rackscope.core.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfigServletEnvTest {

    @Test
    void prometheusUrlCredentialsAreMasked() {
        assertEquals("http://***@prom:9090", ConfigServlet.maskCredentials("http://user:secret@prom:9090"));
        assertEquals("https://***@prom/x?y=a@b", ConfigServlet.maskCredentials("https://u:p@ss@prom/x?y=a@b"));
        assertEquals("http://prom:9090/a@b", ConfigServlet.maskCredentials("http://prom:9090/a@b"));
        assertEquals("http://prom:9090", ConfigServlet.maskCredentials("http://prom:9090"));
        assertEquals("***@prom:9090", ConfigServlet.maskCredentials("token@prom:9090"));
    }
}
