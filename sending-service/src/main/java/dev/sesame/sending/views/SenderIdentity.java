package dev.sesame.sending.views;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What sending needs to know of one identity, as the identity events tell it. */
public final class SenderIdentity {

    final String accountId;
    final String name;
    volatile boolean verified;
    volatile boolean dkimEnabled;
    volatile boolean dkimVerified;
    volatile List<String> dkimTokens;
    volatile String sealedDkimKey;
    volatile String mailFromDomain;
    volatile boolean mailFromVerified;
    volatile String behaviorOnMxFailure = "UseDefaultValue";
    volatile boolean forwardingEnabled = true;
    final Map<String, String> policies = new ConcurrentHashMap<>();

    SenderIdentity(String accountId, String name) {
        this.accountId = accountId;
        this.name = name;
    }

    /** An identity no event told of, verified and with no options: the gateway's warm-up sender. */
    public static SenderIdentity verified(String accountId, String name) {
        SenderIdentity identity = new SenderIdentity(accountId, name);
        identity.verified = true;
        return identity;
    }

    public String accountId() {
        return accountId;
    }

    public String name() {
        return name;
    }

    public boolean verified() {
        return verified;
    }

    /** Easy DKIM signs only when it is enabled and its CNAMEs were found. */
    public boolean signsWithDkim() {
        return dkimEnabled && dkimVerified && sealedDkimKey != null;
    }

    public List<String> dkimTokens() {
        return dkimTokens;
    }

    public String sealedDkimKey() {
        return sealedDkimKey;
    }

    public String mailFromDomain() {
        return mailFromDomain;
    }

    public boolean mailFromVerified() {
        return mailFromVerified;
    }

    public boolean rejectsOnMxFailure() {
        return "RejectMessage".equals(behaviorOnMxFailure);
    }

    public boolean forwardingEnabled() {
        return forwardingEnabled;
    }

    public Map<String, String> policies() {
        return Map.copyOf(policies);
    }
}
