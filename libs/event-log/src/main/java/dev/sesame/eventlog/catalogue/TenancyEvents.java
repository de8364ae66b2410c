package dev.sesame.eventlog.catalogue;

/**
 * The events of {@code sesame.tenancy.events} (schemas in {@code docs/events/tenancy/}), keyed by account id: the
 * gateway writes them and projects them into its tenant and access-key tables; other services may read tenant
 * facts from them. Secrets are sealed under the platform's master key and mean nothing to any other reader.
 */
public final class TenancyEvents {

    /**
     * A tenant with its first access key.
     *
     * @param max24HourSend recipients per rolling 24 hours, -1 unlimited
     * @param maxSendRate recipients per second, -1 unlimited
     * @param accessKeyId the first key, or null for a tenant recorded from an older Sesame's tables without keys
     * @param sealedSecret the first key's secret access key, sealed
     */
    public record TenantCreated(String accountId, String name, String region, boolean sandbox, double max24HourSend, double maxSendRate,
                                String accessKeyId, String sealedSecret) {
    }

    /** An operator's change; a null member is left as it was. */
    public record TenantUpdated(String accountId, Double max24HourSend, Double maxSendRate, Boolean sandbox, Boolean suspended) {
    }

    /** @param sealedSecret the key's secret access key, sealed */
    public record AccessKeyCreated(String accountId, String accessKeyId, String sealedSecret) {
    }

    /** @param active false: requests signed with the key are refused (InvalidClientTokenId) */
    public record AccessKeyStatusSet(String accountId, String accessKeyId, boolean active) {
    }

    public record AccessKeyDeleted(String accountId, String accessKeyId) {
    }

    private TenancyEvents() {
    }
}
