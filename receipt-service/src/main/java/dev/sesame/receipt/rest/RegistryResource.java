package dev.sesame.receipt.rest;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.ReceiptEvents;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.service.api.CommandLog;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.sesame.security.SecretBox;
import jakarta.ws.rs.QueryParam;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registries receipt actions reach out to, kept by the operator (admin API, through the gateway): Lambda-style
 * functions (a function ARN answered by an HTTP endpoint), WorkMail organizations (an organization ARN whose mail
 * is forwarded to an SMTP host) and a tenant's buckets in S3-compatible stores (secret keys sealed). Each
 * registration is an event of the owning account.
 */
@Path("/internal/admin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {

    static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:([0-9]{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?");
    static final Pattern ORGANIZATION_ARN = Pattern.compile("arn:aws[a-z-]*:workmail:[a-z0-9-]+:([0-9]{12}):organization/[A-Za-z0-9-]{1,64}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:[0-9]{1,5}|\\[[0-9a-fA-F:]+\\]:[0-9]{1,5}");

    private final ReceiptRules registry;
    private final CommandLog commands;

    public record Function(String functionArn, String endpoint) {
    }

    public record Organization(String organizationArn, String smtpHost) {
    }

    public record RegisterBucket(String accountId, String bucketName, String url, String region, String accessKey, String secretKey) {
    }

    private final SecretBox secrets;

    public RegistryResource(ReceiptRules registry, CommandLog commands,
                            @ConfigProperty(name = "sesame.receipt.master-key") String masterKey) {
        this.registry = registry;
        this.commands = commands;
        this.secrets = new SecretBox(masterKey);
    }

    /** A tenant's bucket in an S3-compatible store: its S3 actions naming the bucket write there (a SigV4-signed PUT). */
    @POST
    @Path("buckets")
    public Uni<Response> registerBucket(RegisterBucket request) {
        if (request == null || request.accountId() == null || !request.accountId().matches("[0-9]{12}")) {
            return bad("accountId must be a 12-digit account id");
        }
        if (request.bucketName() == null || !request.bucketName().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            return bad("bucketName must be an S3 bucket name");
        }
        if (!isHttpUrl(request.url())) {
            return bad("url must be the http or https endpoint of the S3-compatible store");
        }
        var payload = new ReceiptEvents.BucketRegistered(request.bucketName(), request.url(), request.region() == null ? "us-east-1" : request.region(),
                request.accessKey(), request.secretKey() == null ? null : secrets.seal(request.secretKey()));
        return commands.record(request.accountId(), EventEnvelope.of(EventType.BUCKET_REGISTERED, request.accountId(), request.bucketName(), null,
                        payload))
                .map(ignored -> Response.status(201).entity(Map.of("accountId", request.accountId(), "bucketName", request.bucketName(),
                        "url", request.url())).build());
    }

    @GET
    @Path("buckets")
    public List<Map<String, String>> buckets(@QueryParam("accountId") String accountId) {
        return registry.buckets(accountId == null ? "" : accountId).stream()
                .map(b -> Map.of("bucketName", b.bucketName(), "url", b.url())).toList();
    }

    @POST
    @Path("functions")
    public Uni<Response> registerFunction(Function request) {
        Matcher arn = request == null || request.functionArn() == null ? null : FUNCTION_ARN.matcher(request.functionArn());
        if (arn == null || !arn.matches()) {
            return bad("functionArn must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)");
        }
        if (!isHttpUrl(request.endpoint())) {
            return bad("endpoint must be an http or https URL");
        }
        return record(arn.group(1), EventType.FUNCTION_REGISTERED, request.functionArn(),
                new ReceiptEvents.FunctionRegistered(request.functionArn(), request.endpoint()));
    }

    @GET
    @Path("functions")
    public Map<String, String> functions() {
        return registry.functions();
    }

    @POST
    @Path("workmail-organizations")
    public Uni<Response> registerOrganization(Organization request) {
        Matcher arn = request == null || request.organizationArn() == null ? null : ORGANIZATION_ARN.matcher(request.organizationArn());
        if (arn == null || !arn.matches()) {
            return bad("organizationArn must be a WorkMail organization ARN (arn:aws:workmail:<region>:<account>:organization/<id>)");
        }
        if (request.smtpHost() == null || !HOST_PORT.matcher(request.smtpHost()).matches()) {
            return bad("smtpHost must be host:port");
        }
        return record(arn.group(1), EventType.WORK_MAIL_ORGANIZATION_REGISTERED, request.organizationArn(),
                new ReceiptEvents.WorkMailOrganizationRegistered(request.organizationArn(), request.smtpHost()));
    }

    @GET
    @Path("workmail-organizations")
    public Map<String, String> organizations() {
        return registry.organizations();
    }

    private Uni<Response> record(String account, EventType type, String subject, Record payload) {
        return commands.record(account, EventEnvelope.of(type, account, subject, null, payload))
                .map(ignored -> Response.status(201).entity(payload).build());
    }

    private static boolean isHttpUrl(String endpoint) {
        try {
            URI uri = endpoint == null ? null : URI.create(endpoint);
            return uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Uni<Response> bad(String message) {
        return Uni.createFrom().item(Response.status(400).entity(Map.of("message", message)).build());
    }
}
