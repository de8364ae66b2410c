package dev.sesame.gateway.service;

import dev.sesame.gateway.auth.Authenticator;
import dev.sesame.gateway.auth.SigV4;
import dev.sesame.gateway.auth.Throttle;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.security.WarmUp;
import dev.sesame.ses.protocol.FormDecoder;
import dev.sesame.ses.protocol.QueryParser;
import dev.sesame.ses.protocol.ServiceModel;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.ses.protocol.XmlSerializer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One SES Query request, end to end: authenticate, throttle, parse into the action's typed request, call the
 * owning service, render its answer (or any error) as SES XML.
 */
@Singleton
public class SesRequests {

    private static final Logger LOG = Logger.getLogger(SesRequests.class);

    private final Authenticator authenticator;
    private final Throttle throttle;
    private final ServiceClient services;
    private final QueryParser parser = new QueryParser(ServiceModel.ses());
    private final XmlSerializer serializer = new XmlSerializer(ServiceModel.ses());

    /** What goes back to the client: HTTP status and the XML body. */
    public record Answer(int status, String xml, String requestId) {
    }

    public SesRequests(Authenticator authenticator, Throttle throttle, ServiceClient services) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.services = services;
    }

    public Uni<Answer> handle(SigV4.Request request, String contentType) {
        String requestId = UUID.randomUUID().toString();
        return Uni.createFrom().deferred(() -> authenticator.authenticate(request))
                .chain(caller -> {
                    throttle.admit(caller.accountId());
                    QueryParser.ParsedRequest parsed = parser.parse(params(request, contentType));
                    if (caller.warmUp() && !parsed.operation().name().equals(WarmUp.ACTION)) {
                        throw new SesException("AccessDenied", 403, "The warm-up key may only call " + WarmUp.ACTION + ".");
                    }
                    return services.call(parsed.operation().name(), parsed.input(), caller, requestId)
                            .map(result -> new Answer(200, serializer.response(parsed.operation(), result, requestId), requestId));
                })
                .onFailure().recoverWithItem(failure -> error(failure, requestId));
    }

    private static Answer error(Throwable failure, String requestId) {
        SesException error;
        if (failure instanceof SesException e) {
            error = e;
        } else {
            LOG.errorf(failure, "request %s failed", requestId);
            error = new SesException("InternalFailure", 500, "The request processing has failed because of an unknown error.");
        }
        return new Answer(error.httpStatus(), XmlSerializer.error(error, requestId), requestId);
    }

    /** The action's parameters: the form body of a POST and the query string, without the presigning parameters. */
    static Map<String, String> params(SigV4.Request request, String contentType) {
        Map<String, String> params = new LinkedHashMap<>();
        FormDecoder.decode(request.rawQuery()).forEach((name, value) -> {
            if (!name.startsWith("X-Amz-")) {
                params.put(name, value);
            }
        });
        if (request.body().length > 0) {
            if (contentType != null && !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                throw new SesException("InvalidParameterValue", 400,
                        "The SES Query API takes application/x-www-form-urlencoded bodies, not " + contentType + ".");
            }
            FormDecoder.decode(new String(request.body(), StandardCharsets.UTF_8)).forEach((name, value) -> {
                if (params.putIfAbsent(name, value) != null) {
                    throw new SesException("MalformedQueryString", 404, "The parameter " + name + " appears more than once.");
                }
            });
        }
        return params;
    }
}
