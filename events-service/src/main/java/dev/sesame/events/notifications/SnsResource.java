package dev.sesame.events.notifications;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.NotificationEvents;
import dev.sesame.eventlog.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.annotation.Identifier;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.InternalAccess;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

/**
 * The public side of the SNS-style topics: subscribers fetch the signing certificate and can unsubscribe with the
 * URL every message carries (its token is the subscription's seal). Operators subscribe through
 * {@link SubscriptionsResource}.
 */
@Path("/")
public class SnsResource {

    static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:([0-9]{12}):[A-Za-z0-9_-]{1,256}");

    /** The purpose an unsubscribe token is sealed for. */
    static final String UNSUBSCRIBE = "sns-unsubscribe";

    private final SigningKeys keys;
    private final Subscriptions subscriptions;
    private final CommandLog commands;
    private final InternalAccess access;

    public SnsResource(SigningKeys keys, Subscriptions subscriptions, @Identifier("notifications") CommandLog commands,
                       InternalAccess access) {
        this.keys = keys;
        this.subscriptions = subscriptions;
        this.commands = commands;
        this.access = access;
    }

    @GET
    @Path("sns/{file}")
    @Produces("application/x-pem-file")
    public Response certificate(@PathParam("file") String file) throws GeneralSecurityException {
        return file.equals(keys.fileName()) ? Response.ok(keys.pem()).build() : Response.status(404).build();
    }

    /** The UnsubscribeURL of a message: its subscription and that subscription's token, or nothing happens. */
    @GET
    @Path("sns/unsubscribe")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<Response> unsubscribe(@QueryParam("SubscriptionArn") String subscriptionArn, @QueryParam("Token") String token) {
        if (subscriptionArn == null || subscriptionArn.lastIndexOf(':') < 0) {
            return Uni.createFrom().item(Response.status(400).entity("SubscriptionArn is required").build());
        }
        if (!access.sealed(UNSUBSCRIBE, subscriptionArn, token)) {
            return Uni.createFrom().item(Response.status(403).entity("The Token is not this subscription's: use the UnsubscribeURL "
                    + "of a message it received.").build());
        }
        String topicArn = subscriptionArn.substring(0, subscriptionArn.lastIndexOf(':'));
        if (subscriptions.of(topicArn).stream().noneMatch(s -> s.subscriptionArn().equals(subscriptionArn))) {
            return Uni.createFrom().item(Response.status(404).entity("No such subscription").build());
        }
        return record(commands, EventType.TOPIC_UNSUBSCRIBED, topicArn, new NotificationEvents.TopicUnsubscribed(topicArn, subscriptionArn))
                .map(ignored -> Response.ok("You have been unsubscribed from " + topicArn + ".").build());
    }

    static Uni<?> record(CommandLog commands, EventType type, String topicArn, Record payload) {
        var matcher = TOPIC_ARN.matcher(topicArn);
        String account = matcher.matches() ? matcher.group(1) : "000000000000";
        return commands.record(account, EventEnvelope.of(type, account, topicArn, null, payload));
    }
}
