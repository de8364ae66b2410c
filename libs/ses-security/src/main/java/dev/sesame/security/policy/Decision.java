package dev.sesame.security.policy;

/** The outcome of evaluating policies: an explicit deny wins, then an allow; otherwise nothing applies (implicit deny). */
public enum Decision {
    ALLOW, DENY, NOT_APPLICABLE;

    public boolean allowed() {
        return this == ALLOW;
    }
}
