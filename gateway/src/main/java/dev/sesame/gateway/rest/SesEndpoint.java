package dev.sesame.gateway.rest;

import dev.sesame.gateway.auth.SigV4;
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

/** The public SES endpoint: Query requests as form POSTs or GETs on {@code /}, answered in SES XML. */
@Path("/")
public class SesEndpoint {

    private static final byte[] NO_BODY = new byte[0];

    private final SesRequests requests;

    public SesEndpoint(SesRequests requests) {
        this.requests = requests;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> post(byte[] body, @Context HttpServerRequest http) {
        return answer(http, body == null ? NO_BODY : body);
    }

    @GET
    public Uni<Response> get(@Context HttpServerRequest http) {
        return answer(http, NO_BODY);
    }

    private Uni<Response> answer(HttpServerRequest http, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(http.headers().size());
        http.headers().forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue())));
        SigV4.Request request = new SigV4.Request(http.method().name(), http.path(), http.query() == null ? "" : http.query(), headers, body);
        return requests.handle(request, http.getHeader("Content-Type")).map(answer -> Response.status(answer.status())
                .type("text/xml")
                .header("x-amzn-RequestId", answer.requestId())
                .entity(answer.xml())
                .build());
    }
}
