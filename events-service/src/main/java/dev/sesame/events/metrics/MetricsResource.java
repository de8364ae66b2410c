package dev.sesame.events.metrics;

import dev.sesame.service.api.InternalAccess;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CloudWatch-style metrics over HTTP, through the gateway only: a JSON query of the calling tenant's per-minute
 * points (a tenant's token), and every tenant's series in the Prometheus text format with the dimensions as labels
 * (an operator's).
 */
@Path("/internal")
public class MetricsResource {

    private final SendingMetrics metrics;

    /** One series and its points in a query answer. */
    public record SeriesPoints(String configurationSet, String destination, String metric, Map<String, String> dimensions,
                               List<SendingMetrics.Datapoint> datapoints) {
    }

    public MetricsResource(SendingMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("metrics/query")
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(@Context RoutingContext request, @QueryParam("metric") String metric, @QueryParam("start") String start,
                          @QueryParam("end") String end) {
        Instant from;
        Instant to;
        try {
            from = start == null ? Instant.EPOCH : Instant.parse(start);
            to = end == null ? Instant.now().plusSeconds(60) : Instant.parse(end);
        } catch (DateTimeParseException e) {
            return Response.status(400).entity(Map.of("message", "start and end are ISO 8601 instants (2026-12-02T08:00:00Z)")).build();
        }
        return Response.ok(metrics.query(InternalAccess.claims(request).account(), metric, from, to).entrySet().stream()
                .map(e -> new SeriesPoints(e.getKey().configurationSet(), e.getKey().destination(), e.getKey().metric(),
                        e.getKey().dimensions(), e.getValue())).toList()).build();
    }

    @GET
    @Path("admin/metrics/prometheus")
    @Produces("text/plain; version=0.0.4")
    public String prometheus() {
        StringBuilder out = new StringBuilder("# HELP ses_events_total Emails per SES event type, per configuration set destination.\n"
                + "# TYPE ses_events_total counter\n");
        metrics.totals().forEach((series, total) -> {
            String labels = "account=\"" + series.accountId() + "\",configuration_set=\"" + escape(series.configurationSet())
                    + "\",destination=\"" + escape(series.destination()) + "\",metric=\"" + series.metric() + "\""
                    + series.dimensions().entrySet().stream().map(d -> "," + label(d.getKey()) + "=\"" + escape(d.getValue()) + "\"")
                    .collect(Collectors.joining());
            out.append("ses_events_total{").append(labels).append("} ").append(total).append('\n');
        });
        return out.toString();
    }

    /** Dimension names may hold '-' and start with a digit; Prometheus label names may not. */
    private static String label(String name) {
        return "dim_" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
