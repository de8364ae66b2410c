package dev.sesame.events.firehose;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.events.config.EventsConfig;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.events.model.ConfigurationSets;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.security.SecretBox;
import dev.sesame.service.api.CommandLog;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry of Firehose-style delivery streams, kept by the operator (admin API, through the gateway): where a
 * tenant's stream writes — the local object store, an HTTP endpoint (Firehose's HTTP endpoint delivery) or an
 * S3-compatible store. A registration is an event of the stream's account; its secret key is sealed in it.
 */
@Path("/internal/admin/delivery-streams")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryStreamResource {

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:firehose:[a-z0-9-]+:([0-9]{12}):deliverystream/[A-Za-z0-9_.-]{1,64}");

    private final ConfigurationSets registry;
    private final CommandLog commands;
    private final SecretBox secrets;

    public record Register(String deliveryStreamArn, String type, String url, String bucket, String region, String accessKey,
                           String secretKey) {
    }

    public DeliveryStreamResource(ConfigurationSets registry, CommandLog commands, EventsConfig config) {
        this.registry = registry;
        this.commands = commands;
        this.secrets = new SecretBox(config.masterKey());
    }

    @POST
    public Uni<Response> register(Register request) {
        Matcher arn = request == null || request.deliveryStreamArn() == null ? null : ARN.matcher(request.deliveryStreamArn());
        if (arn == null || !arn.matches()) {
            return bad("deliveryStreamArn must be a Firehose delivery stream ARN (arn:aws:firehose:<region>:<account>:deliverystream/<name>)");
        }
        String type = request.type() == null ? "local" : request.type();
        if (!List.of("local", "http", "s3").contains(type)) {
            return bad("type is local, http or s3");
        }
        if (!type.equals("local") && (request.url() == null || !request.url().matches("https?://[^/\\s]+.*"))) {
            return bad("an http or s3 stream needs the url of its endpoint");
        }
        if (type.equals("s3") && (request.bucket() == null || request.bucket().isBlank())) {
            return bad("an s3 stream needs its bucket");
        }
        var payload = new ConfigurationSetEvents.DeliveryStreamRegistered(request.deliveryStreamArn(), type, request.url(), request.bucket(),
                request.region() == null ? "us-east-1" : request.region(), request.accessKey(),
                request.secretKey() == null ? null : secrets.seal(request.secretKey()));
        String account = arn.group(1);
        return commands.record(account, EventEnvelope.of(EventType.DELIVERY_STREAM_REGISTERED, account, request.deliveryStreamArn(), null,
                        payload))
                .map(ignored -> Response.status(201).entity(view(request.deliveryStreamArn(), type, request.url(), request.bucket())).build());
    }

    /** The account's registered streams, without their secrets. */
    @GET
    public List<Map<String, Object>> list(@QueryParam("accountId") String accountId) {
        return registry.deliveryStreams(accountId == null ? "" : accountId).stream()
                .map(s -> view(s.deliveryStreamArn(), s.type(), s.url(), s.bucket())).toList();
    }

    private static Map<String, Object> view(String arn, String type, String url, String bucket) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("deliveryStreamArn", arn);
        view.put("type", type);
        view.put("url", url);
        view.put("bucket", bucket);
        return view;
    }

    private static Uni<Response> bad(String message) {
        return Uni.createFrom().item(Response.status(400).entity(Map.of("message", message)).build());
    }
}
