package dev.sesame.identity.service;

/** The events of {@code sesame.identity.events} (schemas in {@code docs/events/identity/}). */
public final class IdentityEvents {

    public static final String TOPIC = "sesame.identity.events";

    /** A tenant asked to verify an email address or a domain; payload {@link VerificationRequested}. */
    public static final String VERIFICATION_REQUESTED = "IdentityVerificationRequested";

    /** A tenant deleted an identity; payload {@link Deleted}. */
    public static final String DELETED = "IdentityDeleted";

    public record VerificationRequested(String identity, String identityType, String verificationToken) {
    }

    public record Deleted(String identity) {
    }

    private IdentityEvents() {
    }
}
