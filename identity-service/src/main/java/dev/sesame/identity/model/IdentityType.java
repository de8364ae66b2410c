package dev.sesame.identity.model;

/** The two kinds of identity, named as the SES API names them. */
public enum IdentityType {
    EmailAddress, Domain
}
