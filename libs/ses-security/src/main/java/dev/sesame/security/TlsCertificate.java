package dev.sesame.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An SMTP server's TLS certificate: a configured PKCS#12 keystore (with its password), made with the JDK's keytool
 * on first start for the server's host name when it does not exist.
 */
public final class TlsCertificate {

    private TlsCertificate() {
    }

    public static SSLContext context(Path store, char[] password, String hostname) throws IOException {
        try {
            if (!Files.exists(store)) {
                Files.createDirectories(store.toAbsolutePath().getParent());
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                        "-dname", "CN=" + hostname, "-storetype", "PKCS12", "-keystore", store.toString(),
                        "-storepass", new String(password), "-keypass", new String(password)).redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (keytool.waitFor() != 0) {
                    throw new IOException("keytool could not make the TLS certificate: " + output);
                }
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(managers.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the TLS certificate " + store, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the TLS certificate", e);
        }
    }
}
