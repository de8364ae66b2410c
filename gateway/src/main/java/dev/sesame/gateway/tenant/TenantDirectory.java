package dev.sesame.gateway.tenant;

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
 * Tenants and their access keys: creation, and the lookup SigV4 verification needs on every request.
 *
 * <p>Lookups are cached for a short while, so the hot path does not read the database per request; a key that
 * is deactivated stops working within the cache TTL.
 */
@ApplicationScoped
public class TenantDirectory {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Mutiny.SessionFactory sessions;
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

    public TenantDirectory(Mutiny.SessionFactory sessions, SecretCipher cipher, GatewayConfig config) {
        this.sessions = sessions;
        this.cipher = cipher;
        this.config = config;
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

    /** Creates a tenant with one access key; a generated account id, key id and secret unless given. */
    public Uni<NewTenant> create(String name, String region, boolean sandbox, String accountId, String accessKeyId, String secret) {
        Tenant tenant = new Tenant();
        tenant.accountId = accountId != null ? accountId : newAccountId();
        tenant.name = name;
        tenant.region = region;
        tenant.sandbox = sandbox;
        tenant.max24HourSend = sandbox ? 200 : 50_000;
        tenant.maxSendRate = sandbox ? 1 : 14;
        tenant.createdAt = Instant.now();
        AccessKey key = new AccessKey();
        key.accessKeyId = accessKeyId != null ? accessKeyId : "AKIA" + random(KEY_ALPHABET, 16);
        String clearSecret = secret != null ? secret : random(SECRET_ALPHABET, 40);
        key.encryptedSecret = cipher.encrypt(clearSecret);
        key.accountId = tenant.accountId;
        key.active = true;
        key.createdAt = tenant.createdAt;
        return sessions.withTransaction(session -> session.persist(tenant).chain(() -> session.persist(key)))
                .map(ignored -> new NewTenant(tenant.accountId, tenant.name, tenant.region, tenant.sandbox, key.accessKeyId, clearSecret));
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
        if (!isAccountId(accountId)) {
            return Uni.createFrom().nullItem();
        }
        return sessions.withTransaction(session -> session.find(Tenant.class, accountId).invoke(tenant -> {
            if (tenant != null) {
                if (changes.max24HourSend() != null) {
                    tenant.max24HourSend = changes.max24HourSend();
                }
                if (changes.maxSendRate() != null) {
                    tenant.maxSendRate = changes.maxSendRate();
                }
                if (changes.sandbox() != null) {
                    tenant.sandbox = changes.sandbox();
                }
                if (changes.suspended() != null) {
                    tenant.suspended = changes.suspended();
                }
            }
        })).invoke(tenant -> forget(accountId));
    }

    public Uni<NewKey> createKey(String accountId) {
        AccessKey key = new AccessKey();
        key.accessKeyId = "AKIA" + random(KEY_ALPHABET, 16);
        String clearSecret = random(SECRET_ALPHABET, 40);
        key.encryptedSecret = cipher.encrypt(clearSecret);
        key.accountId = accountId;
        key.active = true;
        key.createdAt = Instant.now();
        return sessions.withTransaction(session -> session.persist(key))
                .map(ignored -> new NewKey(accountId, key.accessKeyId, clearSecret, key.createdAt));
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
        return sessions.withTransaction(session -> session.find(AccessKey.class, accessKeyId).map(key -> {
            if (key == null || !key.accountId.equals(accountId)) {
                return false;
            }
            key.active = active;
            return true;
        })).invoke(found -> cache.remove(accessKeyId));
    }

    /** Deletes the tenant's key; false when the tenant has no such key. */
    public Uni<Boolean> deleteKey(String accountId, String accessKeyId) {
        if (!isKeyId(accessKeyId)) {
            return Uni.createFrom().item(false);
        }
        return sessions.withTransaction(session -> session.find(AccessKey.class, accessKeyId).chain(key ->
                key == null || !key.accountId.equals(accountId) ? Uni.createFrom().item(false)
                        : session.remove(key).replaceWith(true))).invoke(found -> cache.remove(accessKeyId));
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
