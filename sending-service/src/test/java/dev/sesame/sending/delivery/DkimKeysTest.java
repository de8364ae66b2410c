package dev.sesame.sending.delivery;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The domain's key as the signing provider holds it, and signatures the JDK verifies. */
class DkimKeysTest {

    @Test
    void theKeyIsTheSigningProvidersOwnSoNoSignatureConvertsItAgain() throws Exception {
        assertNotNull(DkimSigning.provider(), "Corretto's provider loads on Linux x86-64, where this test runs");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = DkimSigning.privateKey(generator.generateKeyPair().getPrivate().getEncoded());
        assertTrue(key.getClass().getName().startsWith("com.amazon.corretto.crypto.provider."), key.getClass().getName());
    }

    @Test
    void aSignatureMadeWithTheOpenedKeyVerifiesWithTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] mime = "From: a@example.com\r\nTo: b@example.net\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.ISO_8859_1);

        String signed = new String(DkimSigning.sign(mime, "example.com", "sel", DkimSigning.privateKey(pair.getPrivate().getEncoded()),
                1_700_000_000L), StandardCharsets.ISO_8859_1);

        String header = signed.substring(0, signed.indexOf("\r\nFrom:"));
        Matcher b = Pattern.compile("b=([A-Za-z0-9+/=\\s]+)$").matcher(header);
        assertTrue(b.find(), header);
        String unsigned = header.substring(0, b.start(1));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(pair.getPublic());
        rsa.update(("from:a@example.com\r\nsubject:hi\r\nto:b@example.net\r\n" + DkimSigning.relaxedHeader(unsigned))
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(rsa.verify(Base64.getMimeDecoder().decode(b.group(1).replaceAll("\\s", ""))), header);
    }
}
