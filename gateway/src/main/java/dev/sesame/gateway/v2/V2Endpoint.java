package dev.sesame.gateway.v2;

import dev.sesame.gateway.auth.SigV4;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The SES v2 API (REST-JSON) under {@code /v2/email/…}, beside the v1 Query endpoint on the same port. */
@Path("/v2/email")
public class V2Endpoint {

    private static final byte[] NO_BODY = new byte[0];

    private final V2Requests requests;

    public V2Endpoint(V2Requests requests) {
        this.requests = requests;
    }

    @GET
    @Path("{path: .*}")
    public Uni<Response> get(@Context HttpServerRequest http) {
        return answer(http, NO_BODY);
    }

    @DELETE
    @Path("{path: .*}")
    public Uni<Response> delete(@Context HttpServerRequest http) {
        return answer(http, NO_BODY);
    }

    @POST
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> post(byte[] body, @Context HttpServerRequest http) {
        return answer(http, body);
    }

    @PUT
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> put(byte[] body, @Context HttpServerRequest http) {
        return answer(http, body);
    }

    @PATCH
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patch(byte[] body, @Context HttpServerRequest http) {
        return answer(http, body);
    }

    private Uni<Response> answer(HttpServerRequest http, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(http.headers().size());
        http.headers().forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue())));
        SigV4.Request request = new SigV4.Request(http.method().name(), http.path(), http.query() == null ? "" : http.query(), headers,
                body == null ? NO_BODY : body);
        return requests.handle(request).map(answer -> {
            Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                    .header("x-amzn-RequestId", answer.requestId()).entity(answer.json());
            if (answer.errorType() != null) {
                response.header("x-amzn-ErrorType", answer.errorType());
            }
            return response.build();
        });
    }
}
