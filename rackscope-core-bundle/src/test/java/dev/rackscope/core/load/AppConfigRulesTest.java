package dev.rackscope.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AppConfigRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {".*", "node|rackscope-simulator", "node-(a|b)", "(?P<job>node)-(?P=job)", "a{", "x{,3}",
        "[]a]", "[^]]+", "\\d+\\.\\w", "(?i)Node", "a{2}b{1,}c{0,1}", "job_\\Z"})
    void pythonPatternsThatCompileAreAccepted(String regex) {
        assertNull(AppConfigRules.jobRegexError(regex));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "( => missing ), unterminated subpattern at position 0",
        "((a) => missing ), unterminated subpattern at position 0",
        "(a)( => missing ), unterminated subpattern at position 3",
        "[ => unterminated character set at position 0",
        "a[b => unterminated character set at position 1",
        ") => unbalanced parenthesis at position 0",
        "* => nothing to repeat at position 0",
        "a|* => nothing to repeat at position 2",
        "a** => multiple repeat at position 2",
        "\\p{L} => bad escape \\p at position 0",
        "ab\\ => bad escape (end of pattern) at position 2"})
    void invalidPatternsGetPythonsMessages(String regex, String message) {
        assertEquals(message, AppConfigRules.jobRegexError(regex));
    }

    @Test
    void urlsAreSplitLikePythonUrlparse() {
        assertNull(AppConfigRules.prometheusUrlError("http://@prometheus:9090"), "an empty userinfo is no credential");
        assertEquals("prometheus_url must not embed credentials. Use basic_auth_user and basic_auth_password fields "
                + "instead.", AppConfigRules.prometheusUrlError("https://user@prometheus"));
        assertNull(AppConfigRules.prometheusUrlError(" http://prometheus:9090"));
        assertEquals("prometheus_url must use http or https scheme, got: 'file'",
                AppConfigRules.prometheusUrlError("file:///etc/passwd"));
        assertEquals("Invalid IPv6 URL", AppConfigRules.prometheusUrlError("http://[fe80::1/"));
        assertEquals("'host' does not appear to be an IPv4 or IPv6 address",
                AppConfigRules.prometheusUrlError("http://[host]/"));
        assertEquals("prometheus_url targets a link-local address 'fe80::1%eth0' (cloud instance metadata range "
                + "\u2014 SSRF risk)", AppConfigRules.prometheusUrlError("http://[fe80::1%eth0]:9090"));
        assertNull(AppConfigRules.prometheusUrlError("http://169.254.1.1.nip.io/"), "a name is not an address");
        assertNull(AppConfigRules.prometheusUrlError("http://169.254.01.1/"), "not a strict IPv4 literal");
    }

    @Test
    void reprQuotesLikePython() {
        assertEquals("'ftp'", PyRepr.quote("ftp"));
        assertEquals("''", PyRepr.quote(""));
        assertEquals("\"it's\"", PyRepr.quote("it's"));
        assertEquals("'a\\'b\"c'", PyRepr.quote("a'b\"c"));
        assertEquals("'a\\\\b\\n\\x01'", PyRepr.quote("a\\b\n\u0001"));
    }
}
