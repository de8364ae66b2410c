package dev.sesame.security;

/**
 * What the gateway's warm-up and the services agree on. Before it reports ready, the gateway sends itself SendEmail
 * requests through its own endpoint, as a tenant that exists only in its memory, so that the JIT has compiled the
 * request path of every process on it (gateway, sending service, Kafka broker) before the first client arrives.
 * A warm-up request is checked, composed and committed like any other, but to {@code sesame.warm-up} (kept
 * minutes, read by no one), never to the topics that deliver, count or report mail.
 */
public final class WarmUp {

    /** The warm-up tenant's account id: no tenant may have it (tenants' ids start with 1 to 9). */
    public static final String ACCOUNT = "000000000000";
    /** The only action a warm-up request may be. */
    public static final String ACTION = "SendEmail";
    /** Its sender, in a domain that cannot exist ({@code .invalid}, RFC 2606). */
    public static final String SOURCE = "warm-up@warm-up.invalid";
    /** Its recipient: the mailbox simulator's success address. */
    public static final String RECIPIENT = "success@simulator.amazonses.com";

    private WarmUp() {
    }
}
