package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.security.InternalToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * The gateway is the only door: every internal route of every service, called as an attacker on the same host
 * would (no credential, the old headers, a forged token, a token for another service, an expired one, a tenant's
 * token on an operator's route), is refused with 401 or 403 and changes nothing (re-read through the gateway);
 * another tenant's token reaches only that tenant's data; the gateway's own calls keep working.
 */
class InternalDoorsIT {

    private static SesameStack stack;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A route: service port offset from the base, method, path, body. */
    record Route(String service, int offset, String method, String path, String body) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("identity", 2, "POST", "/internal/ses/ListIdentities", "{}"),
            new Route("identity", 2, "POST", "/internal/ses/DeleteIdentity", "{\"Identity\":\"doors.e2e.example\"}"),
            new Route("identity", 2, "POST", "/internal/admin/verified-identities", "{\"accountId\":\"%s\",\"identity\":\"doors.e2e.example\"}"),
            new Route("identity", 2, "POST", "/internal/admin/dns-checks", "{}"),
            new Route("identity", 2, "POST", "/internal/admin/projection-rebuilds", "{}"),
            new Route("identity", 2, "POST", "/internal/confirmations", "{\"token\":\"x\"}"),
            new Route("sending", 3, "POST", "/internal/ses/SendEmail", "{\"Source\":\"a@doors.e2e.example\"}"),
            new Route("sending", 3, "POST", "/internal/ses/GetSendQuota", "{}"),
            new Route("sending", 13, "POST", "/internal/ses/GetSendQuota", "{}"),
            new Route("receipt", 4, "POST", "/internal/ses/CreateReceiptRuleSet", "{\"RuleSetName\":\"doors\"}"),
            new Route("receipt", 4, "POST", "/internal/kms/ListKeys", "{}"),
            new Route("receipt", 4, "GET", "/internal/admin/functions", null),
            new Route("receipt", 4, "POST", "/internal/admin/functions",
                    "{\"functionArn\":\"arn:aws:lambda:us-east-1:%s:function:doors\",\"endpoint\":\"http://127.0.0.1:9/\"}"),
            new Route("receipt", 4, "GET", "/internal/admin/workmail-organizations", null),
            new Route("receipt", 4, "GET", "/%%69nternal/admin/functions", null),
            new Route("receipt", 4, "GET", "/internal/ses/../admin/functions", null),
            new Route("receipt", 4, "GET", "/not-a-route", null),
            new Route("receipt", 4, "GET", "/internal/admin/buckets?accountId=%s", null),
            new Route("events", 5, "POST", "/internal/ses/CreateConfigurationSet", "{\"ConfigurationSet\":{\"Name\":\"doors\"}}"),
            new Route("events", 5, "GET", "/internal/admin/subscriptions?topicArn=arn:aws:sns:us-east-1:%s:doors", null),
            new Route("events", 5, "POST", "/internal/admin/subscriptions",
                    "{\"topicArn\":\"arn:aws:sns:us-east-1:%s:doors\",\"protocol\":\"http\",\"endpoint\":\"http://127.0.0.1:9/\"}"),
            new Route("events", 5, "GET", "/internal/admin/delivery-streams?accountId=%s", null),
            new Route("events", 5, "GET", "/internal/metrics/query?metric=Send", null),
            new Route("events", 5, "GET", "/internal/admin/metrics/prometheus", null));

    @BeforeAll
    static void up() throws Exception {
        stack = SesameStack.shared();
    }

    private static InternalToken realKey() {
        return new InternalToken(stack.secrets.get("SESAME_INTERNAL_KEY"));
    }

    private static HttpResponse<String> call(Route route, Map<String, String> headers) throws Exception {
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (stack.base + route.offset())
                + route.path().formatted(account)));
        headers.forEach(request::header);
        if (route.body() != null) {
            request.header("Content-Type", "application/json").method(route.method(), HttpRequest.BodyPublishers.ofString(route.body().formatted(account)));
        } else {
            request.GET();
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyInternalRouteRefusesAnyoneButTheGatewayAndNothingChanges() throws Exception {
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        try (SesClient ses = stack.ses()) {
            ses.verifyDomainIdentity(r -> r.domain("doors.e2e.example"));
        }
        InternalToken forger = new InternalToken(Base64.getEncoder().encodeToString(new byte[32]));
        Instant now = Instant.now();
        List<String> wrong = new ArrayList<>();
        for (Route route : ROUTES) {
            String path = URI.create(route.path().formatted(account)).normalize().getPath(); // as the service sees it
            boolean tenantRoute = path.startsWith("/internal/ses/") || path.startsWith("/internal/kms/") || path.startsWith("/internal/metrics/");
            InternalToken.Claims right = tenantRoute
                    ? InternalToken.Claims.tenant(route.service(), account, "us-east-1", null, false, -1, -1)
                    : InternalToken.Claims.of(route.service(), path.equals("/internal/confirmations")
                            ? InternalToken.Role.relay : InternalToken.Role.operator);
            String otherService = route.service().equals("events") ? "identity" : "events";
            Map<String, Map<String, String>> attempts = Map.of(
                    "no credential", Map.of(),
                    "the old caller headers", Map.of("X-Sesame-Account", account, "X-Sesame-Region", "us-east-1",
                            "X-Sesame-Sandbox", "false", "X-Sesame-Max-24-Hour-Send", "-1"),
                    "a forged token", Map.of("Authorization", "Bearer " + forger.sign(right, now)),
                    "another service's token", Map.of("Authorization", "Bearer " + realKey().sign(
                            new InternalToken.Claims(otherService, right.role(), right.account(), right.region(), null, false, -1, -1, 0), now)),
                    "an expired token", Map.of("Authorization", "Bearer " + realKey().sign(right, now.minusSeconds(120))),
                    "a launcher's admin token", Map.of("Authorization", "Bearer " + stack.adminToken()));
            for (Map.Entry<String, Map<String, String>> attempt : attempts.entrySet()) {
                int status = call(route, attempt.getValue()).statusCode();
                if (status != 401) {
                    wrong.add(route.method() + " " + route.path() + " on " + route.service() + " with " + attempt.getKey() + ": " + status);
                }
            }
            // A tenant's token where an operator's is needed, and an operator's where a tenant's is.
            InternalToken.Claims otherRole = tenantRoute ? InternalToken.Claims.of(route.service(), InternalToken.Role.operator)
                    : InternalToken.Claims.tenant(route.service(), account, "us-east-1", null, false, -1, -1);
            int status = call(route, Map.of("Authorization", "Bearer " + realKey().sign(otherRole, now))).statusCode();
            if (status != 403) {
                wrong.add(route.method() + " " + route.path() + " on " + route.service() + " in the wrong role: " + status);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));

        // Another tenant's genuine token acts in that tenant's account only: it neither sees nor changes ours.
        for (Route route : ROUTES) {
            if (URI.create(route.path().formatted(account)).normalize().getPath().startsWith("/internal/ses/")) {
                String other = "Bearer " + realKey().sign(InternalToken.Claims.tenant(route.service(), "999999999998", "us-east-1", null, false, -1, -1), now);
                HttpResponse<String> answer = call(route, Map.of("Authorization", other));
                assertTrue(answer.statusCode() < 500, route.path() + ": " + answer.statusCode() + " " + answer.body());
                assertFalse(answer.body().contains("doors.e2e.example") && route.path().endsWith("ListIdentities"), answer.body());
            }
        }

        // Nothing changed, read through the gateway.
        try (SesClient ses = stack.ses()) {
            assertTrue(ses.listIdentities().identities().contains("doors.e2e.example"), "DeleteIdentity did nothing");
            assertEquals("Pending", ses.getIdentityVerificationAttributes(r -> r.identities("doors.e2e.example"))
                    .verificationAttributes().get("doors.e2e.example").verificationStatusAsString(), "nobody marked it verified");
            assertFalse(ses.listReceiptRuleSets(r -> { }).ruleSets().stream().anyMatch(s -> s.name().equals("doors")));
            assertFalse(ses.listConfigurationSets(r -> { }).configurationSets().stream().anyMatch(s -> s.name().equals("doors")));
        }
        HttpResponse<String> functions = HTTP.send(HttpRequest.newBuilder(stack.endpoint().resolve("/admin/functions"))
                .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, functions.statusCode(), functions.body());
        assertFalse(functions.body().contains("function:doors"), functions.body());
    }

    @Test
    void theGatewaysOwnCallsStillWork() throws Exception {
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        try (SesClient ses = stack.ses()) {
            ses.verifyDomainIdentity(r -> r.domain("gateway-door.e2e.example"));
            assertTrue(ses.listIdentities().identities().contains("gateway-door.e2e.example"));
            assertTrue(ses.getSendQuota().max24HourSend() != 0);
        }
        stack.sesame("identity", "verify", "gateway-door.e2e.example");
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(stack.endpoint().resolve("/admin/tenants/" + account + "/metrics?metric=Send"))
                .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        HttpResponse<String> prometheus = HTTP.send(HttpRequest.newBuilder(stack.endpoint().resolve("/admin/metrics/prometheus"))
                .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, prometheus.statusCode(), prometheus.body());
        assertTrue(prometheus.body().contains("# TYPE ses_events_total counter"), prometheus.body());
        HttpResponse<String> noOperator = HTTP.send(HttpRequest.newBuilder(stack.endpoint().resolve("/admin/metrics/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noOperator.statusCode());
    }

    @Test
    void anUnsubscribeLinkWithoutItsTokenDoesNothing() throws Exception {
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        String topic = "arn:aws:sns:us-east-1:" + account + ":doors-unsubscribe";
        String subscribed = stack.sesame("subscribe", topic, "http://127.0.0.1:9/hook");
        String arn = subscribed.replaceAll("(?s).*\"subscriptionArn\"\\s*:\\s*\"([^\"]+)\".*", "$1").trim();
        URI bare = URI.create("http://127.0.0.1:" + (stack.base + 5) + "/sns/unsubscribe?SubscriptionArn=" + arn);
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(bare).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create(bare + "&Token=forged")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> still = HTTP.send(HttpRequest.newBuilder(stack.endpoint().resolve("/admin/subscriptions?topicArn=" + topic))
                .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(still.body().contains(arn), still.body());
        String token = new InternalToken(stack.secrets.get("SESAME_INTERNAL_KEY")).seal("sns-unsubscribe", arn);
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(bare + "&Token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the link a message carries works");
    }
}
