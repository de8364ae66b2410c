package dev.sesame.gateway.rest;

import dev.sesame.gateway.auth.SigV4;
import dev.sesame.gateway.service.KmsRequests;
import dev.sesame.gateway.service.SesRequests;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The public endpoint: SES Query requests as form POSTs or GETs on {@code /}, answered in SES XML; and KMS's JSON
 * requests (a POST with {@code X-Amz-Target}), answered in KMS's JSON.
 */
@Path("/")
public class SesEndpoint {

    private static final byte[] NO_BODY = new byte[0];

    private final SesRequests requests;
    private final KmsRequests kms;

    public SesEndpoint(SesRequests requests, KmsRequests kms) {
        this.requests = requests;
        this.kms = kms;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> post(byte[] body, @Context HttpServerRequest http) {
        String target = http.getHeader("X-Amz-Target");
        if (target != null) {
            return kms.handle(request(http, body == null ? NO_BODY : body), target).map(answer -> Response.status(answer.status())
                    .type("application/x-amz-json-1.1")
                    .header("x-amzn-RequestId", answer.requestId())
                    .entity(answer.json())
                    .build());
        }
        return answer(http, body == null ? NO_BODY : body);
    }

    @GET
    public Uni<Response> get(@Context HttpServerRequest http) {
        return answer(http, NO_BODY);
    }

    private Uni<Response> answer(HttpServerRequest http, byte[] body) {
        return requests.handle(request(http, body), http.getHeader("Content-Type")).map(answer -> Response.status(answer.status())
                .type("text/xml")
                .header("x-amzn-RequestId", answer.requestId())
                .entity(answer.xml())
                .build());
    }

    private static SigV4.Request request(HttpServerRequest http, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(http.headers().size());
        http.headers().forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue())));
        return new SigV4.Request(http.method().name(), http.path(), http.query() == null ? "" : http.query(), headers, body);
    }
}
