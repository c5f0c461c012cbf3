package dev.rackscope.core.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.rackscope.api.http.ApiException;

class AvatarsTest {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};

    private static String url(String mime, byte[] bytes) {
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static String refusal(String dataUrl) {
        ApiException e = assertThrows(ApiException.class, () -> Avatars.decode(dataUrl));
        assertEquals(400, e.status());
        return (String) e.detail();
    }

    @Test
    void validImagesDecode() {
        assertArrayEquals(JPEG, Avatars.decode(url("image/jpeg", JPEG)));
        assertArrayEquals(JPEG, Avatars.decode(url(" IMAGE/JPEG ", JPEG)), "mime trimmed and lower-cased");
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertArrayEquals(webp, Avatars.decode(url("image/webp", webp)));
    }

    @Test
    void refusalsInTheOriginalsOrderAndWords() {
        assertEquals("Invalid avatar format: expected data URL", refusal("hello"));
        assertEquals("Invalid avatar format: expected data URL", refusal("data:image/png,abc"));
        assertEquals("Unsupported image type 'image/gif'. Allowed: jpeg, png, webp.", refusal(url("image/GIF", JPEG)));
        assertEquals("Invalid base64 data in avatar", refusal("data:image/jpeg;base64,abcde"));
        assertEquals("Avatar too large (524289 bytes). Maximum is 512 KB.",
                refusal(url("image/jpeg", new byte[524_289])));
        assertEquals("Avatar content does not match declared image type (magic bytes mismatch).",
                refusal(url("image/png", JPEG)));
        byte[] riff = "RIFF\0\0\0\0AVI LIST".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("Invalid WebP file structure.", refusal(url("image/webp", riff)));
    }

    @Test
    void base64IsLenientLikePythons() {
        assertArrayEquals(new byte[] {1, 2, 3}, Avatars.lenientBase64("AQ\nID"), "characters outside the alphabet dropped");
        assertArrayEquals(new byte[] {1, 2}, Avatars.lenientBase64("AQI="));
        assertNull(Avatars.lenientBase64("AQI"), "missing padding fails");
        assertNull(Avatars.lenientBase64("A"));
        assertArrayEquals(new byte[0], Avatars.lenientBase64(""));
    }
}
