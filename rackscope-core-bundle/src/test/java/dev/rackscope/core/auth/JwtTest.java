package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class JwtTest {

    private static final byte[] KEY = "k-0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_700_000_000L;

    @Test
    void signedTokenVerifiesWithItsClaims() {
        String token = Jwt.sign("admin", NOW, NOW + 28_800, KEY);
        Jwt.Claims c = Jwt.verify(token, KEY, NOW + 10);
        assertNotNull(c);
        assertEquals("admin", c.subject());
        assertEquals(NOW + 28_800, c.expiresAt());
        assertEquals(NOW, c.issuedAt());
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", header);
    }

    @Test
    void expiryHasZeroLeeway() {
        String token = Jwt.sign("admin", NOW, NOW + 100, KEY);
        assertNotNull(Jwt.verify(token, KEY, NOW + 99));
        assertNull(Jwt.verify(token, KEY, NOW + 100));
    }

    @Test
    void tokenWithoutExpNeverExpires() {
        assertNotNull(Jwt.verify(Jwt.sign("admin", NOW, null, KEY), KEY, NOW + 10_000_000_000L));
    }

    @Test
    void tamperedOrForeignTokensAreRefused() {
        String token = Jwt.sign("admin", NOW, NOW + 100, KEY);
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"root\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8));
        assertNull(Jwt.verify(parts[0] + "." + otherPayload + "." + parts[2], KEY, NOW));
        assertNull(Jwt.verify(token, "another key".getBytes(StandardCharsets.UTF_8), NOW));
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertNull(Jwt.verify(none + "." + parts[1] + ".", KEY, NOW));
        assertNull(Jwt.verify(token + "x", KEY, NOW));
        assertNull(Jwt.verify("a.b", KEY, NOW));
        assertNull(Jwt.verify("", KEY, NOW));
        assertNull(Jwt.verify(null, KEY, NOW));
    }

    @Test
    void signatureMatchesAnIndependentHs256() throws Exception {
        // RFC 7515 A.1-style check: HMAC-SHA256 over header.payload with the same key
        String token = Jwt.sign("admin", NOW, null, KEY);
        int dot = token.lastIndexOf('.');
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, token.substring(dot + 1));
    }
}
