package dev.sesame.identity.model;

/** SES's VerificationStatus values. */
public enum VerificationStatus {
    Pending, Success, Failed, TemporaryFailure, NotStarted
}
