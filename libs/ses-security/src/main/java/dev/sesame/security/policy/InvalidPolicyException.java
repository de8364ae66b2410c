package dev.sesame.security.policy;

/** A policy document that is not a valid sending-authorization policy; the message says what is wrong. */
public class InvalidPolicyException extends Exception {

    public InvalidPolicyException(String message) {
        super(message, null, false, false);
    }
}
