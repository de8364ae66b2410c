package dev.sesame.service.api;

import java.util.Map;
import java.util.UUID;

/**
 * SES message ids: 16 hex digits (a 4-digit region prefix and the acceptance time in epoch milliseconds), a
 * lowercase UUID and {@code -000000}; 60 characters in all.
 */
public final class MessageIds {

    private static final Map<String, String> REGION_PREFIX = Map.of(
            "us-east-1", "0100", "us-west-2", "0101", "eu-west-1", "0102", "eu-central-1", "0107");

    private MessageIds() {
    }

    public static String next(String region, long epochMillis) {
        return REGION_PREFIX.getOrDefault(region, "0100") + String.format("%012x", epochMillis) + "-" + UUID.randomUUID() + "-000000";
    }
}
