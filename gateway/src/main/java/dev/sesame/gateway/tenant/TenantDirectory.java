package dev.sesame.gateway.tenant;

import dev.sesame.security.WarmUp;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.TenancyEvents;
import dev.sesame.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Tenants and their access keys: changes, recorded as events on {@code sesame.tenancy.events} ({@link TenancyLog})
 * and applied to the tables by {@link TenancyView}, and the lookup SigV4 verification needs on every request.
 *
 * <p>Lookups are cached for a short while, so the hot path does not read the database per request; a key that
 * is deactivated stops working within the cache TTL (at once on the gateway that recorded the change).
 */
@ApplicationScoped
public class TenantDirectory {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Mutiny.SessionFactory sessions;
    private final TenancyLog tenancy;
    private final SecretCipher cipher;
    private final GatewayConfig config;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CachedTenant> tenants = new ConcurrentHashMap<>();

    /** A resolved access key: the tenant it belongs to and its secret, which never leaves memory. */
    public record Credentials(String accessKeyId, String secret, Tenant tenant) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + " of " + tenant.accountId + "]";
        }
    }

    /** A tenant just created, with the only copy of its secret that is ever shown. */
    public record NewTenant(String accountId, String name, String region, boolean sandbox, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "NewTenant[" + accountId + ", " + name + ", key " + accessKeyId + "]";
        }
    }

    private record Cached(Credentials credentials, Instant expires) {
    }

    private record CachedTenant(Tenant tenant, Instant expires) {
    }

    /** A tenant of that name (or account id) exists already. */
    public static final class TenantExists extends RuntimeException {
        public TenantExists(String message) {
            super(message);
        }
    }

    public TenantDirectory(Mutiny.SessionFactory sessions, TenancyLog tenancy, SecretCipher cipher, GatewayConfig config) {
        this.sessions = sessions;
        this.tenancy = tenancy;
        this.cipher = cipher;
        this.config = config;
        // The warm-up tenant's key: made at each start, only in memory, found by the lookup every request makes.
        cache.put(warmUp.accessKeyId(), new Cached(warmUp, Instant.MAX));
    }

    private final Credentials warmUp = new Credentials("AKIAWARMUP" + random(KEY_ALPHABET, 10), random(SECRET_ALPHABET, 40), warmUpTenant());

    /**
     * The access key of the gateway's warm-up tenant ({@link WarmUp#ACCOUNT}: production, no quotas), for the gateway's
     * own warm-up only: it is in no table and no event, and the key is new at every start.
     */
    public Credentials warmUpKey() {
        return warmUp;
    }

    private static Tenant warmUpTenant() {
        Tenant tenant = new Tenant();
        tenant.accountId = WarmUp.ACCOUNT;
        tenant.name = "warm-up";
        tenant.region = "us-east-1";
        tenant.max24HourSend = -1;
        tenant.maxSendRate = -1;
        tenant.createdAt = Instant.now();
        return tenant;
    }

    /** The active key's credentials, or null when the key is unknown or inactive. */
    public Uni<Credentials> byAccessKey(String accessKeyId) {
        if (!isKeyId(accessKeyId)) {
            return Uni.createFrom().nullItem();
        }
        Cached cached = cache.get(accessKeyId);
        if (cached != null && cached.expires().isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.credentials());
        }
        return sessions.withSession(session -> session.find(AccessKey.class, accessKeyId).chain(key -> key == null || !key.active
                ? Uni.createFrom().<Credentials>nullItem()
                : session.find(Tenant.class, key.accountId)
                        .map(tenant -> tenant == null ? null : new Credentials(key.accessKeyId, cipher.decrypt(key.encryptedSecret), tenant))))
                .invoke(found -> cache.put(accessKeyId, new Cached(found, Instant.now().plus(config.credentialCacheTtl()))));
    }

    /**
     * Creates a tenant with one access key; a generated account id, key id and secret unless given. Fails with
     * {@link TenantExists} when the name or account id is taken (also when a concurrent creation took it first).
     */
    public Uni<NewTenant> create(String name, String region, boolean sandbox, String accountId, String accessKeyId, String secret) {
        if (WarmUp.ACCOUNT.equals(accountId)) {
            throw new IllegalArgumentException(WarmUp.ACCOUNT + " is the warm-up tenant's account id: no tenant may have it");
        }
        String account = accountId != null ? accountId : newAccountId();
        String keyId = accessKeyId != null ? accessKeyId : "AKIA" + random(KEY_ALPHABET, 16);
        String clearSecret = secret != null ? secret : random(SECRET_ALPHABET, 40);
        var created = new TenancyEvents.TenantCreated(account, name, region, sandbox, sandbox ? 200 : 50_000, sandbox ? 1 : 14, keyId,
                cipher.encrypt(clearSecret));
        EventEnvelope event = EventEnvelope.of(EventType.TENANT_CREATED, account, account, null, created);
        return sessions.withSession(session -> session.find(Tenant.class, account).chain(existing -> existing != null
                        ? Uni.createFrom().item(1L)
                        : session.createQuery("select count(*) from Tenant where name = :name", Long.class).setParameter("name", name)
                                .getSingleResult()))
                .chain(taken -> {
                    if (taken > 0) {
                        throw new TenantExists("a tenant named " + name + " (or with account id " + account + ") exists");
                    }
                    return tenancy.record(event);
                })
                .chain(() -> find(account))
                .map(tenant -> {
                    if (tenant == null || !tenant.name.equals(name)) {
                        throw new TenantExists("a tenant named " + name + " (or with account id " + account + ") exists");
                    }
                    return new NewTenant(account, name, region, sandbox, keyId, clearSecret);
                });
    }

    /** The tenant, or null; an id that cannot be an account (12 digits) is not looked up (PostgreSQL refuses NUL). */
    public Uni<Tenant> find(String accountId) {
        if (!isAccountId(accountId)) {
            return Uni.createFrom().nullItem();
        }
        return sessions.withSession(session -> session.find(Tenant.class, accountId));
    }

    private static boolean isAccountId(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches();
    }

    /** Whether a key id can be looked up at all (PostgreSQL refuses text with NUL). */
    private static boolean isKeyId(String accessKeyId) {
        return accessKeyId != null && accessKeyId.indexOf('\0') < 0;
    }

    /** A key just made, with the only copy of its secret that is ever shown. */
    public record NewKey(String accountId, String accessKeyId, String secretAccessKey, Instant createdAt) {
        @Override
        public String toString() {
            return "NewKey[" + accessKeyId + " of " + accountId + "]";
        }
    }

    /** A key as listed: never its secret. */
    public record KeySummary(String accessKeyId, String status, Instant createdAt) {
    }

    /** The changes an operator may make to a tenant; null leaves a field as it is. */
    public record Changes(Double max24HourSend, Double maxSendRate, Boolean sandbox, Boolean suspended) {
    }

    /** The tenant for a Bearer token's tenant claim, cached like keys; null when there is none. */
    public Uni<Tenant> byAccount(String accountId) {
        CachedTenant cached = tenants.get(accountId);
        if (cached != null && cached.expires().isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.tenant());
        }
        return find(accountId).invoke(tenant -> tenants.put(accountId, new CachedTenant(tenant, Instant.now().plus(config.credentialCacheTtl()))));
    }

    /** Applies the changes; null when there is no such tenant. Cached lookups of the tenant are dropped at once. */
    public Uni<Tenant> update(String accountId, Changes changes) {
        return find(accountId).chain(tenant -> tenant == null ? Uni.createFrom().<Tenant>nullItem()
                : tenancy.record(EventEnvelope.of(EventType.TENANT_UPDATED, accountId, accountId, null, new TenancyEvents.TenantUpdated(accountId,
                                changes.max24HourSend(), changes.maxSendRate(), changes.sandbox(), changes.suspended())))
                        .invoke(() -> forget(accountId))
                        .chain(() -> find(accountId)));
    }

    /** A new key of an existing tenant. */
    public Uni<NewKey> createKey(String accountId) {
        String keyId = "AKIA" + random(KEY_ALPHABET, 16);
        String clearSecret = random(SECRET_ALPHABET, 40);
        EventEnvelope event = EventEnvelope.of(EventType.ACCESS_KEY_CREATED, accountId, keyId, null,
                new TenancyEvents.AccessKeyCreated(accountId, keyId, cipher.encrypt(clearSecret)));
        return tenancy.record(event).map(ignored -> new NewKey(accountId, keyId, clearSecret, event.time()));
    }

    public Uni<List<KeySummary>> keys(String accountId) {
        if (!isAccountId(accountId)) {
            return Uni.createFrom().item(List.of());
        }
        return sessions.withSession(session -> session.createQuery("from AccessKey where accountId = :account order by createdAt", AccessKey.class)
                        .setParameter("account", accountId).getResultList())
                .map(keys -> keys.stream().map(k -> new KeySummary(k.accessKeyId, k.active ? "Active" : "Inactive", k.createdAt)).toList());
    }

    /** Activates or deactivates the tenant's key; false when the tenant has no such key. */
    public Uni<Boolean> setKeyActive(String accountId, String accessKeyId, boolean active) {
        if (!isKeyId(accessKeyId)) {
            return Uni.createFrom().item(false);
        }
        return ownKey(accountId, accessKeyId).chain(found -> !found ? Uni.createFrom().item(false)
                : tenancy.record(EventEnvelope.of(EventType.ACCESS_KEY_STATUS_SET, accountId, accessKeyId, null,
                        new TenancyEvents.AccessKeyStatusSet(accountId, accessKeyId, active))).replaceWith(true))
                .invoke(found -> cache.remove(accessKeyId));
    }

    /** Deletes the tenant's key; false when the tenant has no such key. */
    public Uni<Boolean> deleteKey(String accountId, String accessKeyId) {
        if (!isKeyId(accessKeyId)) {
            return Uni.createFrom().item(false);
        }
        return ownKey(accountId, accessKeyId).chain(found -> !found ? Uni.createFrom().item(false)
                : tenancy.record(EventEnvelope.of(EventType.ACCESS_KEY_DELETED, accountId, accessKeyId, null,
                        new TenancyEvents.AccessKeyDeleted(accountId, accessKeyId))).replaceWith(true))
                .invoke(found -> cache.remove(accessKeyId));
    }

    /** Whether the tenant has the key. */
    private Uni<Boolean> ownKey(String accountId, String accessKeyId) {
        return sessions.withSession(session -> session.find(AccessKey.class, accessKeyId)).map(key -> key != null && key.accountId.equals(accountId));
    }

    /**
     * Records the tenants and keys the tables hold without the projection ever having applied an event (tables an
     * older Sesame wrote directly), once, so a rebuild from the topic keeps them: per tenant its creation (with its
     * oldest key), its suspension, its other keys and which are inactive. The projection finds each fact already in
     * the tables and changes nothing. Answers how many tenants it recorded.
     */
    public Uni<Integer> recordTablesWrittenBeforeEvents() {
        return sessions.withSession(session -> session.createQuery("select count(*) from TenancyPosition", Long.class).getSingleResult()
                .chain(positions -> positions > 0 ? Uni.createFrom().item(List.<Tenant>of()) : session.createQuery("from Tenant", Tenant.class).getResultList())
                .chain(unrecorded -> unrecorded.isEmpty() ? Uni.createFrom().item(Map.<Tenant, List<AccessKey>>of())
                        : session.createQuery("from AccessKey order by createdAt", AccessKey.class).getResultList().map(keys -> {
                            Map<Tenant, List<AccessKey>> byTenant = new java.util.LinkedHashMap<>();
                            unrecorded.forEach(t -> byTenant.put(t, keys.stream().filter(k -> k.accountId.equals(t.accountId)).toList()));
                            return byTenant;
                        })))
                .chain(byTenant -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (var entry : byTenant.entrySet()) {
                        for (EventEnvelope event : eventsOf(entry.getKey(), entry.getValue())) {
                            chain = chain.chain(() -> tenancy.record(event));
                        }
                    }
                    return chain.replaceWith(byTenant.size());
                });
    }

    private static List<EventEnvelope> eventsOf(Tenant tenant, List<AccessKey> keys) {
        String account = tenant.accountId;
        AccessKey first = keys.isEmpty() ? null : keys.get(0);
        List<EventEnvelope> events = new java.util.ArrayList<>();
        events.add(EventEnvelope.of(EventType.TENANT_CREATED, account, account, null, new TenancyEvents.TenantCreated(account, tenant.name,
                tenant.region, tenant.sandbox, tenant.max24HourSend, tenant.maxSendRate, first == null ? null : first.accessKeyId,
                first == null ? null : first.encryptedSecret)));
        if (tenant.suspended) {
            events.add(EventEnvelope.of(EventType.TENANT_UPDATED, account, account, null, new TenancyEvents.TenantUpdated(account, null, null, null, true)));
        }
        for (AccessKey key : keys) {
            if (key != first) {
                events.add(EventEnvelope.of(EventType.ACCESS_KEY_CREATED, account, key.accessKeyId, null,
                        new TenancyEvents.AccessKeyCreated(account, key.accessKeyId, key.encryptedSecret)));
            }
            if (!key.active) {
                events.add(EventEnvelope.of(EventType.ACCESS_KEY_STATUS_SET, account, key.accessKeyId, null,
                        new TenancyEvents.AccessKeyStatusSet(account, key.accessKeyId, false)));
            }
        }
        return events;
    }

    /** Drops every cached lookup of the tenant (its keys and its account), so a change applies to the next request. */
    private void forget(String accountId) {
        cache.entrySet().removeIf(entry -> entry.getValue().credentials() != null
                && entry.getValue().credentials().tenant().accountId.equals(accountId));
        tenants.remove(accountId);
    }

    public Uni<List<Tenant>> list() {
        return sessions.withSession(session -> session.createQuery("from Tenant order by name", Tenant.class).getResultList());
    }

    private static String newAccountId() {
        return (1 + RANDOM.nextInt(9)) + random("0123456789", 11);
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
