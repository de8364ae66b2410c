package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * Tenancy with the Keycloak that {@code ./sesame up} starts from its Maven Central distribution: the admin API's
 * role matrix, keys made and deactivated through it and used by the AWS SDK, Bearer SES calls from the machine
 * client, suspension and resumption.
 */
class KeycloakIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Keycloak's own APIs: tokens, and its admin REST API for what an operator would set up in its console. */
    private final class Keycloak {
        final String url;
        final SesameStack stack;

        Keycloak(SesameStack stack) {
            this.stack = stack;
            this.url = "http://127.0.0.1:" + (stack.base + 8);
        }

        String token(String realm, String client, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")) + "&client_id=" + client;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body()).path("access_token").asText();
        }

        String password(String realm, String client, String user, String password) throws IOException, InterruptedException {
            return token(realm, client, Map.of("grant_type", "password", "username", user, "password", password));
        }

        /** POSTs to Keycloak's admin REST API as the bootstrap admin of the master realm. */
        void admin(String path, Object body) throws IOException, InterruptedException {
            String admin = password("master", "admin-cli", "admin", stack.secrets.get("SESAME_KEYCLOAK_ADMIN_PASSWORD"));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/admin/realms" + path))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() / 100 == 2, path + ": " + response.statusCode() + " " + response.body());
        }

        /** A person with one realm role, acting for a tenant. */
        void user(String username, String role, String tenant) throws IOException, InterruptedException {
            admin("/sesame/users", Map.of("username", username, "enabled", true, "email", username + "@people.e2e.example",
                    "emailVerified", true, "firstName", "Test", "lastName", username, "attributes", Map.of("tenant", List.of(tenant)),
                    "realmRoles", List.of(role), "credentials", List.of(Map.of("type", "password", "value", "pw-" + username, "temporary", false))));
            // Realm roles in a user representation are applied by imports only: map the role explicitly.
            String admin = password("master", "admin-cli", "admin", stack.secrets.get("SESAME_KEYCLOAK_ADMIN_PASSWORD"));
            String id = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/sesame/users?exact=true&username=" + username))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body()).get(0).path("id").asText();
            String representation = http.send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/sesame/roles/" + role))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body();
            admin("/sesame/users/" + id + "/role-mappings/realm", List.of(JSON.readTree(representation)));
        }
    }

    private HttpResponse<String> admin(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SesameStack.shared().endpoint() + "/admin/" + path))
                .header("Content-Type", "application/json").method(method, method.equals("GET") || method.equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rolesKeysBearerCallsAndSuspension() throws Exception {
        SesameStack stack = SesameStack.shared();
        Keycloak keycloak = new Keycloak(stack);
        String operator = keycloak.password("sesame", "sesame-cli", "operator", stack.secrets.get("SESAME_KEYCLOAK_OPERATOR_PASSWORD"));

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(stack.endpoint() + "/admin/tenants"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"acme\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String acme = JSON.readTree(created.body()).path("accountId").asText();
        String globex = stack.createTenant("globex").path("accountId").asText();
        keycloak.user("acme-admin", "tenant-admin", acme);
        keycloak.user("globex-admin", "tenant-admin", globex);
        String acmeAdmin = keycloak.password("sesame", "sesame-cli", "acme-admin", "pw-acme-admin");
        String globexAdmin = keycloak.password("sesame", "sesame-cli", "globex-admin", "pw-globex-admin");

        // A token that expires at once: a client whose access tokens live for one second.
        keycloak.admin("/sesame/clients", Map.of("clientId", "short-lived", "publicClient", true, "directAccessGrantsEnabled", true,
                "standardFlowEnabled", false, "defaultClientScopes", List.of("sesame", "basic"), "attributes", Map.of("access.token.lifespan", "1")));
        String expired = keycloak.password("sesame", "short-lived", "operator", stack.secrets.get("SESAME_KEYCLOAK_OPERATOR_PASSWORD"));
        // A token from another issuer: the same realm definition under another name, with its own keys.
        ObjectNode elsewhere = (ObjectNode) JSON.readTree(Files.readString(stack.root.resolve("infra/keycloak/sesame-realm.json"))
                .replace("${SESAME_KEYCLOAK_OPERATOR_PASSWORD}", "pw-elsewhere").replace("${SESAME_KEYCLOAK_MACHINE_SECRET}", "elsewhere")
                .replace("${SESAME_ACCOUNT_ID}", acme));
        elsewhere.put("realm", "elsewhere");
        keycloak.admin("", elsewhere);
        String foreign = keycloak.password("elsewhere", "sesame-cli", "operator", "pw-elsewhere");
        Thread.sleep(2_000);

        String tenant = "tenants/" + acme;
        assertEquals(200, admin("GET", tenant, operator).statusCode(), "an operator acts on every tenant");
        assertEquals(200, admin("GET", tenant, acmeAdmin).statusCode(), "a tenant admin acts on its own tenant");
        assertEquals(403, admin("GET", tenant, globexAdmin).statusCode(), "and on no other");
        assertEquals(401, admin("GET", tenant, null).statusCode(), "no token");
        HttpResponse<String> late = admin("GET", tenant, expired);
        assertEquals(401, late.statusCode(), "an expired token");
        assertTrue(late.body().contains("expired"), late.body());
        assertEquals(401, admin("GET", tenant, foreign).statusCode(), "a token of another issuer");
        assertEquals(403, admin("POST", "tenants/" + acme + "/suspend", acmeAdmin).statusCode(), "suspending is an operator's");
        // The registries the services own are the operator's, through the gateway.
        String stream = "{\"deliveryStreamArn\":\"arn:aws:firehose:us-east-1:" + acme + ":deliverystream/archive\",\"type\":\"local\"}";
        assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(stack.endpoint() + "/admin/delivery-streams"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(stream)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(admin("GET", "delivery-streams?accountId=" + acme, operator).body().contains("deliverystream/archive"));
        assertEquals(403, admin("GET", "delivery-streams?accountId=" + acme, acmeAdmin).statusCode());
        List<String> visible = JSON.readTree(admin("GET", "tenants", acmeAdmin).body()).findValuesAsText("accountId");
        assertEquals(List.of(acme), visible, "a tenant admin lists its own tenant only");

        // A key made by the tenant admin signs AWS SDK calls; deactivated, it is refused.
        JsonNode key = JSON.readTree(admin("POST", tenant + "/keys", acmeAdmin).body());
        String keyId = key.path("accessKeyId").asText();
        try (SesClient ses = stack.ses(keyId, key.path("secretAccessKey").asText())) {
            ses.verifyDomainIdentity(r -> r.domain("acme.e2e.example"));
            assertEquals(List.of("acme.e2e.example"), ses.listIdentities(r -> { }).identities());
            assertTrue(admin("GET", tenant + "/keys", acmeAdmin).body().contains(keyId));
            assertTrue(!admin("GET", tenant + "/keys", acmeAdmin).body().contains(key.path("secretAccessKey").asText()), "secrets are shown once");
            assertEquals(204, admin("POST", tenant + "/keys/" + keyId + "/deactivate", acmeAdmin).statusCode());
            SesException refused = org.junit.jupiter.api.Assertions.assertThrows(SesException.class, () -> ses.listIdentities(r -> { }));
            assertEquals("InvalidClientTokenId", refused.awsErrorDetails().errorCode());
        }

        // Bearer tokens of the machine client act for the tenant in their claim (the bootstrap tenant).
        String machine = keycloak.token("sesame", "sesame-machine", Map.of("grant_type", "client_credentials",
                "client_secret", stack.secrets.get("SESAME_KEYCLOAK_MACHINE_SECRET")));
        HttpResponse<String> quota = http.send(HttpRequest.newBuilder(stack.endpoint()).header("Authorization", "Bearer " + machine)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetSendQuota&Version=2010-12-01")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, quota.statusCode(), quota.body());
        assertTrue(quota.body().contains("<GetSendQuotaResult>"), quota.body());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(stack.endpoint()).header("Authorization", "Bearer " + foreign)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetSendQuota")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode());
        assertTrue(forged.body().contains("<Code>InvalidClientTokenId</Code>"), forged.body());

        // Suspension: a message accepted before is still delivered; the tenant's calls are refused until it is resumed.
        JsonNode launcherKey = JSON.readTree(stack.sesame("keys", "create", "acme"));
        stack.sesame("identity", "verify", "acme.e2e.example", acme);
        try (SesClient ses = stack.ses(launcherKey.path("accessKeyId").asText(), launcherKey.path("secretAccessKey").asText())) {
            String[] messageId = new String[1];
            SesameStack.eventually("the sending service knows acme's domain", () -> {
                try {
                    messageId[0] = ses.sendEmail(r -> r.source("news@acme.e2e.example").destination(d -> d.toAddresses("reader@acme.e2e.example"))
                            .message(m -> m.subject(s -> s.data("before the suspension")).body(b -> b.text(t -> t.data("hello"))))).messageId();
                    return true;
                } catch (SesException e) {
                    return false;
                }
            });
            assertEquals(200, admin("POST", tenant + "/suspend", operator).statusCode());
            SesException suspended = org.junit.jupiter.api.Assertions.assertThrows(SesException.class, () -> ses.listIdentities(r -> { }));
            assertEquals("AccessDenied", suspended.awsErrorDetails().errorCode());
            assertEquals(403, suspended.statusCode());
            SesameStack.eventually("the message sent before the suspension is delivered", () -> stack.mail.to("reader@acme.e2e.example")
                    .stream().anyMatch(m -> new String(m.data(), StandardCharsets.ISO_8859_1).contains("before the suspension")));
            stack.sesame("tenant", "resume", "acme");
            assertEquals(List.of("acme.e2e.example"), ses.listIdentities(r -> { }).identities());
        }
    }
}
