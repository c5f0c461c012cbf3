package dev.rackscope.core.auth;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import dev.rackscope.api.http.ApiException;

/** The avatar data URL of {@code PUT /api/auth/avatar}, checked in the original's order and words (§1.5). */
final class Avatars {

    static final int MAX_BYTES = 524_288;
    private static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

    private Avatars() {
    }

    /** The image bytes of {@code dataUrl}, or a 400 with the first problem found. */
    static byte[] decode(String dataUrl) {
        if (!dataUrl.startsWith("data:")) {
            throw bad("Invalid avatar format: expected data URL");
        }
        int marker = dataUrl.indexOf(";base64,");
        if (marker < 0) {
            throw bad("Invalid avatar format: expected data URL");
        }
        String mime = dataUrl.substring("data:".length(), marker).strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(mime)) {
            throw bad("Unsupported image type '" + mime + "'. Allowed: jpeg, png, webp.");
        }
        byte[] bytes = lenientBase64(dataUrl.substring(marker + ";base64,".length()));
        if (bytes == null) {
            throw bad("Invalid base64 data in avatar");
        }
        if (bytes.length > MAX_BYTES) {
            throw bad("Avatar too large (" + bytes.length + " bytes). Maximum is 512 KB.");
        }
        byte[] magic = switch (mime) {
            case "image/jpeg" -> JPEG;
            case "image/png" -> PNG;
            default -> RIFF;
        };
        if (!startsWith(bytes, 0, magic)) {
            throw bad("Avatar content does not match declared image type (magic bytes mismatch).");
        }
        if (mime.equals("image/webp") && !startsWith(bytes, 8, WEBP)) {
            throw bad("Invalid WebP file structure.");
        }
        return bytes;
    }

    /**
     * Python's {@code base64.b64decode} without validation: characters outside the alphabet are dropped; only
     * bad padding fails. {@code null} when it fails.
     */
    static byte[] lenientBase64(String text) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(text.length());
        int data = 0;
        int pad = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (alphabet) {
                if (pad > 0) {
                    break; // data after the padding ends the input, as binascii does
                }
                kept.write(c);
                data++;
            } else if (c == '=') {
                if (data % 4 >= 2 && pad < (data % 4 == 2 ? 2 : 1)) {
                    kept.write(c);
                    pad++;
                } else if (data % 4 == 0 && pad == 0) {
                    continue; // a stray '=' where no padding can be: binascii skips it
                }
            }
        }
        int rest = data % 4;
        if (rest == 1 || (rest == 2 && pad != 2) || (rest == 3 && pad != 1)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(kept.toByteArray());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static ApiException bad(String detail) {
        return new ApiException(400, detail);
    }
}
