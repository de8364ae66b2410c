package dev.sesame.configsets.notifications;

import dev.sesame.events.log.EventCodec;
import dev.sesame.events.log.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.annotation.Identifier;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.sesame.service.api.CommandLog;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The SNS-style topic registry: operators subscribe endpoints to topics (admin API, through the gateway);
 * subscribers fetch the signing certificate and can unsubscribe with the URL every message carries.
 */
@Path("/")
public class SnsResource {

    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:([0-9]{12}):[A-Za-z0-9_-]{1,256}");

    private final SigningKeys keys;
    private final Subscriptions subscriptions;
    private final CommandLog commands;

    public record Subscribe(String topicArn, String protocol, String endpoint) {
    }

    public SnsResource(SigningKeys keys, Subscriptions subscriptions, @Identifier("notifications") CommandLog commands) {
        this.keys = keys;
        this.subscriptions = subscriptions;
        this.commands = commands;
    }

    @GET
    @Path("sns/{file}")
    @Produces("application/x-pem-file")
    public Response certificate(@PathParam("file") String file) throws GeneralSecurityException {
        return file.equals(keys.fileName()) ? Response.ok(keys.pem()).build() : Response.status(404).build();
    }

    @GET
    @Path("sns/unsubscribe")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<Response> unsubscribe(@QueryParam("SubscriptionArn") String subscriptionArn) {
        if (subscriptionArn == null || subscriptionArn.lastIndexOf(':') < 0) {
            return Uni.createFrom().item(Response.status(400).entity("SubscriptionArn is required").build());
        }
        String topicArn = subscriptionArn.substring(0, subscriptionArn.lastIndexOf(':'));
        if (subscriptions.of(topicArn).stream().noneMatch(s -> s.subscriptionArn().equals(subscriptionArn))) {
            return Uni.createFrom().item(Response.status(404).entity("No such subscription").build());
        }
        return record("TopicUnsubscribed", topicArn, Map.of("topicArn", topicArn, "subscriptionArn", subscriptionArn))
                .map(ignored -> Response.ok("You have been unsubscribed from " + topicArn + ".").build());
    }

    @POST
    @Path("internal/admin/subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> subscribe(Subscribe request) {
        if (request == null || request.topicArn() == null || !TOPIC_ARN.matcher(request.topicArn()).matches()) {
            return bad("topicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)");
        }
        if (request.protocol() == null || !request.protocol().matches("https?|kafka") || request.endpoint() == null
                || request.protocol().startsWith("http") && !request.endpoint().startsWith(request.protocol() + "://")) {
            return bad("protocol is http, https or kafka, and the endpoint a URL of that protocol or a Kafka topic");
        }
        String subscriptionArn = request.topicArn() + ":" + UUID.randomUUID();
        return record("TopicSubscribed", request.topicArn(), Map.of("topicArn", request.topicArn(), "subscriptionArn", subscriptionArn,
                "protocol", request.protocol(), "endpoint", request.endpoint()))
                .map(ignored -> Response.status(201).entity(Map.of("subscriptionArn", subscriptionArn)).build());
    }

    @GET
    @Path("internal/admin/subscriptions")
    @Produces(MediaType.APPLICATION_JSON)
    public Object list(@QueryParam("topicArn") String topicArn) {
        return subscriptions.of(topicArn);
    }

    private Uni<?> record(String type, String topicArn, Map<String, String> payload) {
        var matcher = TOPIC_ARN.matcher(topicArn);
        String account = matcher.matches() ? matcher.group(1) : "000000000000";
        return commands.record(Subscriptions.TOPIC, account,
                EventEnvelope.of(type, 1, account, topicArn, null, EventCodec.JSON.valueToTree(payload)));
    }

    private static Uni<Response> bad(String message) {
        return Uni.createFrom().item(Response.status(400).entity(Map.of("message", message)).build());
    }
}
