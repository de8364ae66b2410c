package dev.sesame.identity.service;

import dev.sesame.identity.config.IdentityConfig;
import dev.sesame.security.SecretBox;
import jakarta.inject.Singleton;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Easy DKIM keys: a 2048-bit RSA pair per domain and the three selector tokens that publish it. */
@Singleton
public class DkimKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private final SecretBox box;

    /**
     * @param publicKey base64 DER (SubjectPublicKeyInfo), as the {@code p=} tag of the DKIM TXT record
     * @param sealedPrivateKey base64 PKCS#8, sealed with the DKIM key-encryption key
     */
    public record Generated(List<String> tokens, String publicKey, String sealedPrivateKey) {
        @Override
        public String toString() {
            return "DkimKeys.Generated" + tokens;
        }
    }

    public DkimKeys(IdentityConfig config) {
        this.box = new SecretBox(config.dkimKeyEncryptionKey());
    }

    /** Generates a key pair; slow (RSA), so call it off the event loop. */
    public Generated generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            List<String> tokens = new ArrayList<>(3);
            for (int i = 0; i < 3; i++) {
                StringBuilder token = new StringBuilder(32);
                for (int c = 0; c < 32; c++) {
                    token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
                }
                tokens.add(token.toString());
            }
            return new Generated(List.copyOf(tokens), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    box.seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
