package dev.sesame.eventlog;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory projection's state: each tenant's items by name, in name order (templates, say). */
public final class ByTenant<T> {

    private final Map<String, NavigableMap<String, T>> tenants = new ConcurrentHashMap<>();

    public void put(String tenant, String name, T item) {
        tenants.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>()).put(name, item);
    }

    public void remove(String tenant, String name) {
        NavigableMap<String, T> items = tenants.get(tenant);
        if (items != null) {
            items.remove(name);
        }
    }

    public Optional<T> find(String tenant, String name) {
        NavigableMap<String, T> items = tenants.get(tenant);
        return Optional.ofNullable(items == null ? null : items.get(name));
    }

    /** The tenant's items in name order, after {@code after} (null: from the first). */
    public List<T> list(String tenant, String after) {
        NavigableMap<String, T> items = tenants.get(tenant);
        if (items == null) {
            return List.of();
        }
        return List.copyOf((after == null ? items : items.tailMap(after, false)).values());
    }

    public int count(String tenant) {
        NavigableMap<String, T> items = tenants.get(tenant);
        return items == null ? 0 : items.size();
    }

    public void clear() {
        tenants.clear();
    }
}
