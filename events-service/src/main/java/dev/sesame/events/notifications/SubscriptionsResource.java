package dev.sesame.events.notifications;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.NotificationEvents;
import dev.sesame.service.api.CommandLog;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/** The SNS-style topic registry, for operators (through the gateway's {@code /admin/subscriptions}). */
@Path("/internal/admin/subscriptions")
public class SubscriptionsResource {

    private final Subscriptions subscriptions;
    private final CommandLog commands;

    public record Subscribe(String topicArn, String protocol, String endpoint) {
    }

    public SubscriptionsResource(Subscriptions subscriptions, @Identifier("notifications") CommandLog commands) {
        this.subscriptions = subscriptions;
        this.commands = commands;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> subscribe(Subscribe request) {
        if (request == null || request.topicArn() == null || !SnsResource.TOPIC_ARN.matcher(request.topicArn()).matches()) {
            return bad("topicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)");
        }
        if (request.protocol() == null || !request.protocol().matches("https?|kafka") || request.endpoint() == null
                || request.protocol().startsWith("http") && !request.endpoint().startsWith(request.protocol() + "://")) {
            return bad("protocol is http, https or kafka, and the endpoint a URL of that protocol or a Kafka topic");
        }
        String subscriptionArn = request.topicArn() + ":" + UUID.randomUUID();
        return SnsResource.record(commands, EventType.TOPIC_SUBSCRIBED, request.topicArn(), new NotificationEvents.TopicSubscribed(
                        request.topicArn(), subscriptionArn, request.protocol(), request.endpoint()))
                .map(ignored -> Response.status(201).entity(Map.of("subscriptionArn", subscriptionArn)).build());
    }

    @GET
        @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("topicArn") String topicArn) {
        if (topicArn == null || !SnsResource.TOPIC_ARN.matcher(topicArn).matches()) {
            return Response.status(400).entity(Map.of("message", "topicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)"))
                    .build();
        }
        return Response.ok(subscriptions.of(topicArn)).build();
    }

    private static Uni<Response> bad(String message) {
        return Uni.createFrom().item(Response.status(400).entity(Map.of("message", message)).build());
    }
}
