package dev.rackscope.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.http.Json;

/**
 * Compact HS256 JSON Web Tokens (RFC 7519) as the original issues them: header
 * {@code {"alg":"HS256","typ":"JWT"}}, payload {@code {"sub", "exp"}} plus {@code iat}. Verification accepts
 * HS256 only and has zero leeway.
 */
public final class Jwt {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    /** Longer tokens are not ours (a normal one is under 200 characters); refused before any parsing. */
    private static final int MAX_LENGTH = 4096;

    /** The verified claims of a token. */
    public record Claims(String subject, Long expiresAt, Long issuedAt) {
    }

    private Jwt() {
    }

    /**
     * @param expiresAt unix seconds, or {@code null} for no {@code exp} claim
     */
    public static String sign(String subject, long issuedAt, Long expiresAt, byte[] key) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sub", subject);
        if (expiresAt != null) {
            payload.put("exp", expiresAt);
        }
        payload.put("iat", issuedAt);
        String body = B64.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        String signingInput = HEADER + "." + body;
        return signingInput + "." + B64.encodeToString(hmac(key, signingInput));
    }

    /**
     * Checks the signature, the algorithm and {@code exp} (a token is expired from its {@code exp} second on).
     *
     * @return the claims, or {@code null} when the token is malformed, not HS256, badly signed or expired
     */
    public static Claims verify(String token, byte[] key, long nowSeconds) {
        if (token == null || token.length() > MAX_LENGTH) {
            return null;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        String signingInput = token.substring(0, second);
        byte[] signature;
        JsonNode header;
        JsonNode payload;
        try {
            signature = B64D.decode(token.substring(second + 1));
            header = Json.mapper().readTree(B64D.decode(token.substring(0, first)));
            payload = Json.mapper().readTree(B64D.decode(token.substring(first + 1, second)));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
        if (!MessageDigest.isEqual(signature, hmac(key, signingInput))) {
            return null;
        }
        if (header == null || !header.isObject() || !"HS256".equals(header.path("alg").textValue())
                || payload == null || !payload.isObject()) {
            return null;
        }
        JsonNode exp = payload.get("exp");
        Long expiresAt = null;
        if (exp != null) {
            if (!exp.isNumber()) {
                return null;
            }
            if (nowSeconds >= exp.asDouble()) {
                return null;
            }
            expiresAt = exp.asLong();
        }
        JsonNode iat = payload.get("iat");
        if (iat != null && !iat.isNumber()) {
            return null;
        }
        JsonNode sub = payload.get("sub");
        if (sub != null && !sub.isTextual()) {
            return null;
        }
        return new Claims(sub == null ? "" : sub.textValue(), expiresAt, iat == null ? null : iat.asLong());
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
