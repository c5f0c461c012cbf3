package dev.rackscope.core.telemetry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The {@link SSLContext} of the Prometheus client from app.yaml's TLS options (telemetry.md §1.1): trust
 * everything ({@code tls_verify: false}, host names included), trust only a PEM CA bundle, and present a
 * PEM client certificate and key (mTLS). Keys may be PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted.
 */
final class PrometheusTls {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern PEM_HEADER = Pattern.compile("(?m)^[A-Za-z-]+:.*$");
    private static final char[] STORE_PASSWORD = "rackscope".toCharArray();
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** OID id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
            0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PrometheusTls() {
    }

    /** The context for {@code settings}; a message naming the offending setting and file when it fails. */
    static SSLContext context(PrometheusSettings settings) throws GeneralSecurityException {
        TrustManager[] trust = null;
        if (!settings.tlsVerify()) {
            trust = new TrustManager[] {new TrustAll()};
        } else if (settings.tlsCaFile() != null) {
            trust = trustManagers(settings.tlsCaFile());
        }
        KeyManager[] keys = null;
        if (settings.tlsCertFile() != null && settings.tlsKeyFile() != null) {
            keys = keyManagers(settings.tlsCertFile(), settings.tlsKeyFile());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    private static TrustManager[] trustManagers(String caFile) throws GeneralSecurityException {
        List<X509Certificate> cas = certificates(caFile, "tls_ca_file");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static KeyManager[] keyManagers(String certFile, String keyFile) throws GeneralSecurityException {
        List<X509Certificate> chain = certificates(certFile, "tls_cert_file");
        PrivateKey key = privateKey(keyFile);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, STORE_PASSWORD);
        return kmf.getKeyManagers();
    }

    /** Every {@code CERTIFICATE} block of a PEM file. */
    static List<X509Certificate> certificates(String file, String setting) throws GeneralSecurityException {
        String text = read(file, setting);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if ("CERTIFICATE".equals(m.group(1)) || "TRUSTED CERTIFICATE".equals(m.group(1))) {
                byte[] der = base64(m.group(2), setting, file);
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException(setting + ": no PEM certificate in " + file);
        }
        return out;
    }

    /** The first private key of a PEM file. */
    static PrivateKey privateKey(String file) throws GeneralSecurityException {
        String text = read(file, "tls_key_file");
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(base64(body, "tls_key_file", file), file);
                case "RSA PRIVATE KEY":
                    rejectEncrypted(body, file);
                    return pkcs8(sequence(VERSION_0, RSA_ALGORITHM,
                            tlv(0x04, base64(body, "tls_key_file", file))), file);
                case "EC PRIVATE KEY":
                    rejectEncrypted(body, file);
                    byte[] sec1 = base64(body, "tls_key_file", file);
                    return pkcs8(sequence(VERSION_0, sequence(EC_PUBLIC_KEY_OID, curveOf(sec1, file)),
                            tlv(0x04, sec1)), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("tls_key_file: encrypted keys are not supported: " + file);
                default:
                    break; // EC PARAMETERS, certificates in a combined file…
            }
        }
        throw new GeneralSecurityException("tls_key_file: no PEM private key in " + file);
    }

    private static PrivateKey pkcs8(byte[] der, String file) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new GeneralSecurityException("tls_key_file: unsupported or malformed private key in " + file);
    }

    private static void rejectEncrypted(String body, String file) throws GeneralSecurityException {
        if (body.contains("ENCRYPTED")) {
            throw new GeneralSecurityException("tls_key_file: encrypted keys are not supported: " + file);
        }
    }

    /** The curve OID ({@code [0]} parameters) of a SEC1 {@code ECPrivateKey}, as a whole TLV. */
    private static byte[] curveOf(byte[] sec1, String file) throws GeneralSecurityException {
        try {
            int[] seq = header(sec1, 0);                 // SEQUENCE
            int pos = seq[1];
            int end = seq[1] + seq[2];
            while (pos < end) {
                int[] h = header(sec1, pos);
                if ((sec1[pos] & 0xff) == 0xa0) {
                    int[] oid = header(sec1, h[1]);
                    if ((sec1[h[1]] & 0xff) == 0x06) {
                        byte[] out = new byte[oid[1] + oid[2] - h[1]];
                        System.arraycopy(sec1, h[1], out, 0, out.length);
                        return out;
                    }
                }
                pos = h[1] + h[2];
            }
        } catch (ArrayIndexOutOfBoundsException malformed) {
            // reported below
        }
        throw new GeneralSecurityException("tls_key_file: EC key without a named curve in " + file);
    }

    /** {tag offset, content offset, content length} of the DER element at {@code pos}. */
    private static int[] header(byte[] der, int pos) {
        int p = pos + 1;
        int len = der[p++] & 0xff;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[p++] & 0xff);
            }
        }
        return new int[] {pos, p, len};
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] base64(String body, String setting, String file) throws GeneralSecurityException {
        try {
            return Base64.getMimeDecoder().decode(PEM_HEADER.matcher(body).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(setting + ": malformed PEM in " + file + ": " + e.getMessage());
        }
    }

    private static String read(String file, String setting) throws GeneralSecurityException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException(setting + ": cannot read " + file + ": " + e, e);
        }
    }

    /** {@code tls_verify: false}: accepts any chain; being an extended manager, it also skips host names. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
