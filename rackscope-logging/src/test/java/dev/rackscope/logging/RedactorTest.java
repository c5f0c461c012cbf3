package dev.rackscope.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "connecting to http://admin:s3cr3t@prom:9090/api|connecting to http://admin:***@prom:9090/api",
        "password=hunter2 next|password=*** next",
        "PASSWORD: hunter2|PASSWORD=***",
        "passwd=x1|passwd=***",
        "secret=abc|secret=***",
        "secret_key=abc secret-key=def secretkey=ghi|secret_key=*** secret-key=*** secretkey=***",
        "token=abc.def|token=***",
        "access_token=abc&x=1|access_token=***&x=1",
        "api_key=k1 api-key=k2 apikey=k3|api_key=*** api-key=*** apikey=***",
        "auth=basic|auth=***",
        "Authorization: Bearer eyJabc.def.ghi|authorization=***",
        "got Bearer abcdef123 from client|got Bearer *** from client",
        "header authorization=Bearer abcdef|header authorization=***",
        "jwt eyJhbGciOi.eyJzdWIiOi.sig here|jwt *** here",
        "nothing to hide here|nothing to hide here",
    })
    void redacts(String in, String out) {
        assertEquals(out, Redactor.redact(in));
    }

    @Test
    void jsonStyleAndQuotedValues() {
        String r = Redactor.redact("body {\"username\": \"bob\", \"password\": \"my secret pw\"}");
        assertFalse(r.contains("my secret pw"), r);
        assertFalse(Redactor.redact("secret_key='a b c'").contains("a b c"));
    }

    @Test
    void wholeHeaderValueUpToTheLineEnd() {
        String r = Redactor.redact("headers:\nAuthorization: Basic dXNlcjpwYXNz\nAccept: */*");
        assertEquals("headers:\nauthorization=***\nAccept: */*", r);
    }

    @Test
    void nullAndEmpty() {
        assertEquals(null, Redactor.redact(null));
        assertEquals("", Redactor.redact(""));
    }

    @Test
    void aHugeMessageIsCutBeforeRedactionAndSecretsInItsHeadAreStillRedacted() {
        String huge = "password=hunter2 " + "m".repeat(2_000_000);
        String out = Redactor.redact(huge);
        org.junit.jupiter.api.Assertions.assertTrue(out.startsWith("password=*** m"), out.substring(0, 40));
        org.junit.jupiter.api.Assertions.assertTrue(out.endsWith("more characters cut)"));
        org.junit.jupiter.api.Assertions.assertTrue(out.length() < Redactor.MAX_CHARS + 100);
    }
}
