package dev.sesame.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The vectors of ses-formats.md section 9 ("Test vectors I computed for AWS's documentation dummy key
 * wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), made with the steps of AWS's smtp-credentials.md.
 */
class SmtpPasswordTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void version4IsDerivedPerRegionAsAwsDocumentsIt() {
        assertEquals("BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", SmtpPassword.of(SECRET, "us-east-1"));
        assertEquals("BF2PynzbSCAjX08zhZZnP/kW+T9P5zs/1Er0pi5vTEmd", SmtpPassword.of(SECRET, "us-west-2"));
        assertEquals("BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk", SmtpPassword.of(SECRET, "eu-west-1"));
    }

    @Test
    void theLegacyVersion2IsTheSameInEveryRegion() {
        assertEquals("An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy", SmtpPassword.legacy(SECRET));
    }

    @Test
    void aPasswordMatchesInItsOwnRegionOrAsLegacyOnly() {
        assertTrue(SmtpPassword.matches("BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", SECRET, "us-east-1"));
        assertTrue(SmtpPassword.matches("An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy", SECRET, "eu-west-1"));
        assertFalse(SmtpPassword.matches("BF2PynzbSCAjX08zhZZnP/kW+T9P5zs/1Er0pi5vTEmd", SECRET, "us-east-1"), "us-west-2's");
        assertFalse(SmtpPassword.matches(SECRET, SECRET, "us-east-1"), "the secret itself is not the SMTP password");
        assertFalse(SmtpPassword.matches("", SECRET, "us-east-1"));
    }
}
