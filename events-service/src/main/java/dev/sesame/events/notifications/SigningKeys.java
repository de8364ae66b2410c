package dev.sesame.events.notifications;

import dev.sesame.events.config.EventsConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key that signs SNS-style messages, and the certificate subscribers verify them with. Made once with the
 * JDK's keytool and kept in a keystore, so signatures stay verifiable across restarts.
 */
@Singleton
public class SigningKeys {

    private static final char[] PASSWORD = "sesame-sns".toCharArray();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String fileName;

    public SigningKeys(EventsConfig config) throws IOException, GeneralSecurityException, InterruptedException {
        Path store = Path.of(config.signingKeystore());
        if (!Files.exists(store)) {
            Files.createDirectories(store.toAbsolutePath().getParent());
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "sns", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=sns.sesame.test", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IOException("keytool could not make the SNS signing key: " + output);
            }
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        key = (PrivateKey) keys.getKey("sns", PASSWORD);
        certificate = (X509Certificate) keys.getCertificate("sns");
        fileName = "SimpleNotificationService-" + HexFormat.of().formatHex(
                MessageDigest.getInstance("MD5").digest(certificate.getEncoded())) + ".pem";
    }

    /** The certificate's file name, as in SNS's SigningCertURL. */
    public String fileName() {
        return fileName;
    }

    public String pem() throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    /** SignatureVersion 1: SHA1withRSA over the string to sign, base64. */
    public String sign(String stringToSign) {
        try {
            Signature rsa = Signature.getInstance("SHA1withRSA");
            rsa.initSign(key);
            rsa.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }
}
