package dev.rackscope.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rackscope.api.telemetry.PrometheusClient.CacheKind;
import dev.rackscope.api.telemetry.QueryResult;

/**
 * TLS options of the client (telemetry.md §1.1) against JDK HTTPS fakes. Certificates are generated at
 * test time with the JDK's keytool; without it these tests are skipped.
 */
class PrometheusTlsTest {

    private static final char[] PASS = "changeit".toCharArray();

    @TempDir
    static Path dir;

    /** CN=localhost with SANs localhost and 127.0.0.1. */
    private static KeyStore server;
    /** A certificate for another host only (example.invalid). */
    private static KeyStore wrongHost;
    private static KeyStore client;
    private static KeyStore clientEc;

    @BeforeAll
    static void generateCertificates() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Assumptions.assumeTrue(Files.isExecutable(keytool),
                "keytool not found in " + keytool.getParent() + ": TLS tests need it to generate certificates");
        server = generate(keytool, "server", "RSA", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        wrongHost = generate(keytool, "wrong", "RSA", "CN=example.invalid", "SAN=dns:example.invalid");
        client = generate(keytool, "client", "RSA", "CN=rackscope-client", null);
        clientEc = generate(keytool, "client-ec", "EC", "CN=rackscope-client-ec", null);
    }

    private static KeyStore generate(Path keytool, String name, String algorithm, String dname, String san)
            throws Exception {
        Path file = dir.resolve(name + ".p12");
        List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "k",
                "-keyalg", algorithm, "-validity", "2", "-dname", dname, "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit", "-noprompt"));
        if ("RSA".equals(algorithm)) {
            cmd.addAll(List.of("-keysize", "2048"));
        } else {
            cmd.addAll(List.of("-groupname", "secp256r1"));
        }
        if (san != null) {
            cmd.addAll(List.of("-ext", san));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "keytool could not generate a certificate: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASS);
        }
        return ks;
    }

    // ------------------------------------------------------------------ against HTTPS fakes

    @Test
    void verifyFalseTrustsAnySelfSignedCertificateAndSkipsHostNames() throws Exception {
        try (PrometheusHttpFake https = PrometheusHttpFake.startHttps(serverContext(wrongHost, null), false);
             PrometheusHttpClient c = new PrometheusHttpClient(
                     PrometheusSettings.defaults(https.url()).withTls(false, null, null, null))) {
            QueryResult r = c.query("up", CacheKind.HEALTH);
            assertTrue(r.success(), r.error());
            assertEquals(1, https.requests.size());
        }
    }

    @Test
    void verifyTrueRejectsAnUntrustedCertificateWithAnError() throws Exception {
        try (PrometheusHttpFake https = PrometheusHttpFake.startHttps(serverContext(server, null), false);
             PrometheusHttpClient c = new PrometheusHttpClient(settings(https))) {
            QueryResult r = c.query("up", CacheKind.HEALTH);
            assertFalse(r.success());
            assertEquals("error", r.raw().get("status").asText());
            assertFalse(c.reachable());
        }
    }

    @Test
    void caFileIsTrusted() throws Exception {
        Path ca = writePem("server-ca.pem", certificatePem(server));
        try (PrometheusHttpFake https = PrometheusHttpFake.startHttps(serverContext(server, null), false);
             PrometheusHttpClient c = new PrometheusHttpClient(
                     settings(https).withTls(true, ca.toString(), null, null))) {
            QueryResult r = c.query("up", CacheKind.HEALTH);
            assertTrue(r.success(), r.error());
        }
    }

    @Test
    void caFileStillChecksTheHostName() throws Exception {
        Path ca = writePem("wrong-ca.pem", certificatePem(wrongHost));
        try (PrometheusHttpFake https = PrometheusHttpFake.startHttps(serverContext(wrongHost, null), false);
             PrometheusHttpClient c = new PrometheusHttpClient(
                     settings(https).withTls(true, ca.toString(), null, null))) {
            QueryResult r = c.query("up", CacheKind.HEALTH);
            assertFalse(r.success());
            assertTrue(r.error().contains("127.0.0.1"), r.error());
        }
    }

    @Test
    void clientCertificateAndPkcs8KeyArePresented() throws Exception {
        Path ca = writePem("ca-mtls.pem", certificatePem(server));
        Path cert = writePem("client.pem", certificatePem(client));
        Path key = writePem("client-key.pem", pem("PRIVATE KEY", key(client).getEncoded()));
        assertMutualTls(ca, cert, key, client);
    }

    @Test
    void pkcs1RsaKeyIsAccepted() throws Exception {
        Path ca = writePem("ca-pkcs1.pem", certificatePem(server));
        Path cert = writePem("client-pkcs1.pem", certificatePem(client));
        Path key = writePem("client-key-pkcs1.pem", pem("RSA PRIVATE KEY", pkcs1((RSAPrivateCrtKey) key(client))));
        assertMutualTls(ca, cert, key, client);
    }

    @Test
    void certificateAndKeyMayShareOneFile() throws Exception {
        Path ca = writePem("ca-combined.pem", certificatePem(server));
        Path both = writePem("client-both.pem",
                pem("PRIVATE KEY", key(client).getEncoded()) + certificatePem(client));
        assertMutualTls(ca, both, both, client);
    }

    @Test
    void withoutClientCertificateMutualTlsFails() throws Exception {
        Path ca = writePem("ca-nocert.pem", certificatePem(server));
        try (PrometheusHttpFake https = PrometheusHttpFake.startHttps(serverContext(server, client), true);
             PrometheusHttpClient c = new PrometheusHttpClient(
                     settings(https).withTls(true, ca.toString(), null, null))) {
            assertFalse(c.query("up", CacheKind.HEALTH).success());
        }
    }

    private static void assertMutualTls(Path ca, Path cert, Path key, KeyStore trustedClient) throws Exception {
        try (PrometheusHttpFake https = PrometheusHttpFake.startHttps(serverContext(server, trustedClient), true);
             PrometheusHttpClient c = new PrometheusHttpClient(
                     settings(https).withTls(true, ca.toString(), cert.toString(), key.toString()))) {
            QueryResult r = c.query("up", CacheKind.HEALTH);
            assertTrue(r.success(), r.error());
        }
    }

    // ------------------------------------------------------------------ PEM keys

    @Test
    void sec1EcKeyIsRead() throws Exception {
        ECPrivateKey original = (ECPrivateKey) key(clientEc);
        Path file = writePem("ec.pem", pem("EC PARAMETERS", der(0x06, P256_OID)) + pem("EC PRIVATE KEY", sec1(original)));

        PrivateKey read = PrometheusTls.privateKey(file.toString());

        assertEquals(original.getS(), ((ECPrivateKey) read).getS());
    }

    @Test
    void pkcs8EcKeyIsRead() throws Exception {
        PrivateKey original = key(clientEc);
        Path file = writePem("ec8.pem", pem("PRIVATE KEY", original.getEncoded()));
        assertEquals("EC", PrometheusTls.privateKey(file.toString()).getAlgorithm());
    }

    @Test
    void encryptedKeysAreRejectedWithAClearMessage() throws Exception {
        Path file = writePem("enc.pem", pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> PrometheusTls.privateKey(file.toString()));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());

        Path legacy = writePem("enc-rsa.pem", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(assertThrows(GeneralSecurityException.class, () -> PrometheusTls.privateKey(legacy.toString()))
                .getMessage().contains("encrypted"));
    }

    @Test
    void fileWithoutCertificateOrKeyIsReported() throws Exception {
        Path empty = writePem("empty.pem", "nothing here\n");
        assertTrue(assertThrows(GeneralSecurityException.class,
                () -> PrometheusTls.certificates(empty.toString(), "tls_ca_file")).getMessage()
                .contains("tls_ca_file: no PEM certificate in " + empty));
        assertTrue(assertThrows(GeneralSecurityException.class,
                () -> PrometheusTls.privateKey(empty.toString())).getMessage().contains("tls_key_file"));
    }

    // ------------------------------------------------------------------ helpers

    private static PrometheusSettings settings(PrometheusHttpFake https) {
        return PrometheusSettings.defaults(https.url()).withTimeout(Duration.ofSeconds(10));
    }

    private static SSLContext serverContext(KeyStore identity, KeyStore trustedClient) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, PASS);
        TrustManagerFactory tmf = null;
        if (trustedClient != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client", trustedClient.getCertificate("k"));
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return context;
    }

    private static PrivateKey key(KeyStore ks) throws GeneralSecurityException {
        return (PrivateKey) ks.getKey("k", PASS);
    }

    private static String certificatePem(KeyStore ks) throws GeneralSecurityException {
        Certificate cert = ks.getCertificate("k");
        return pem("CERTIFICATE", cert.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path writePem(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static final byte[] P256_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    /** PKCS#1 RSAPrivateKey, as {@code openssl rsa -traditional} writes it. */
    private static byte[] pkcs1(RSAPrivateCrtKey k) {
        return der(0x30, concat(integer(BigInteger.ZERO), integer(k.getModulus()), integer(k.getPublicExponent()),
                integer(k.getPrivateExponent()), integer(k.getPrimeP()), integer(k.getPrimeQ()),
                integer(k.getPrimeExponentP()), integer(k.getPrimeExponentQ()), integer(k.getCrtCoefficient())));
    }

    /** SEC1 ECPrivateKey with the named curve in {@code [0]}, as {@code openssl ec} writes it (P-256 only). */
    private static byte[] sec1(ECPrivateKey k) {
        byte[] s = k.getS().toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(32, s.length);
        System.arraycopy(s, s.length - copy, fixed, 32 - copy, copy);
        return der(0x30, concat(integer(BigInteger.ONE), der(0x04, fixed), der(0xa0, der(0x06, P256_OID))));
    }

    private static byte[] integer(BigInteger v) {
        return der(0x02, v.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len <= 0xff) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
