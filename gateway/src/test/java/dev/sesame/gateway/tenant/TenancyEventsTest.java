package dev.sesame.gateway.tenant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;

import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.eventlog.catalogue.TenancyEvents;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.hibernate.reactive.mutiny.Mutiny;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * Tenants and access keys are events on {@code sesame.tenancy.events}, and the gateway's tables are their
 * projection: what an operator does is recorded there (secrets sealed, never in clear), and the tables rebuilt from
 * the topic alone authenticate and answer as before.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class TenancyEventsTest {

    static final String OPERATOR = "Bearer operator-test-token";

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    ProjectionRunner tenancy;

    @Inject
    TenantDirectory directory;

    @Inject
    SecretCipher cipher;

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void whatAnOperatorDoesIsRecordedAndTheTablesRebuiltFromTheTopicAnswerAsBefore() throws Exception {
        Map<String, Object> created = given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "tenancy-events", "region", "eu-west-1")).post("/admin/tenants")
                .then().statusCode(201).extract().as(Map.class);
        String account = (String) created.get("accountId");
        String firstKey = (String) created.get("accessKeyId");
        Map<String, String> second = given().header("Authorization", OPERATOR).post("/admin/tenants/" + account + "/keys")
                .then().statusCode(201).extract().as(Map.class);
        Map<String, String> third = given().header("Authorization", OPERATOR).post("/admin/tenants/" + account + "/keys")
                .then().statusCode(201).extract().as(Map.class);
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of("maxSendRate", 5, "sandbox", false))
                .patch("/admin/tenants/" + account).then().statusCode(200);
        given().header("Authorization", OPERATOR).post("/admin/tenants/" + account + "/keys/" + second.get("accessKeyId") + "/deactivate")
                .then().statusCode(204);
        given().header("Authorization", OPERATOR).delete("/admin/tenants/" + account + "/keys/" + third.get("accessKeyId"))
                .then().statusCode(204);
        // A second tenant of the same name is refused, and records nothing.
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of("name", "tenancy-events"))
                .post("/admin/tenants").then().statusCode(409);

        List<ConsumerRecord<String, byte[]>> records = KafkaBroker.shared().readAll(Topics.TENANCY, new ByteArrayDeserializer()).stream()
                .filter(r -> account.equals(r.key())).toList();
        try (EventCodec codec = new EventCodec()) {
            List<EventEnvelope> events = records.stream().map(r -> codec.deserialize(r.topic(), r.value())).toList();
            assertEquals(List.of("TenantCreated", "AccessKeyCreated", "AccessKeyCreated", "TenantUpdated", "AccessKeyStatusSet",
                    "AccessKeyDeleted"), events.stream().map(EventEnvelope::type).toList());
            var tenant = events.get(0).payloadAs(TenancyEvents.TenantCreated.class);
            assertEquals("tenancy-events", tenant.name());
            assertEquals(firstKey, tenant.accessKeyId());
            assertEquals(new TenancyEvents.TenantUpdated(account, null, 5.0, false, null), events.get(3).payloadAs(TenancyEvents.TenantUpdated.class));
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            for (String secret : List.of((String) created.get("secretAccessKey"), second.get("secretAccessKey"), third.get("secretAccessKey"))) {
                assertFalse(json.contains(secret), "a secret in clear on the topic: " + json);
            }
        }

        Object before = given().header("Authorization", OPERATOR).get("/admin/tenants/" + account).then().statusCode(200).extract().as(Map.class);
        Object keysBefore = given().header("Authorization", OPERATOR).get("/admin/tenants/" + account + "/keys").then().statusCode(200)
                .extract().as(List.class);
        tenancy.rebuild().get(60, TimeUnit.SECONDS);

        assertEquals(before, given().header("Authorization", OPERATOR).get("/admin/tenants/" + account).then().statusCode(200)
                .extract().as(Map.class));
        assertEquals(keysBefore, given().header("Authorization", OPERATOR).get("/admin/tenants/" + account + "/keys").then().statusCode(200)
                .extract().as(List.class));
        // The first key's sealed secret came back from the topic: its signatures verify (the identity service is down
        // in these tests, so ServiceUnavailable means the caller got past authentication).
        try (SesClient ses = ses(firstKey, (String) created.get("secretAccessKey"))) {
            assertEquals("ServiceUnavailable", assertThrows(SesException.class, ses::listIdentities).awsErrorDetails().errorCode());
        }
        // The deactivated key is still inactive after the rebuild (its cached lookup expired long ago or was dropped).
        try (SesClient ses = ses(second.get("accessKeyId"), second.get("secretAccessKey"))) {
            assertEquals("InvalidClientTokenId", assertThrows(SesException.class, ses::listIdentities).awsErrorDetails().errorCode());
        }
    }

    /** Tables an older Sesame wrote (rows, and no projection position): recorded once at start, so a rebuild keeps them. */
    @Test
    void tablesWrittenBeforeTenantsWereEventsAreRecordedAndSurviveARebuild() throws Throwable {
        String account = "987650000001";
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        String sealed = cipher.encrypt("older/sesame/secret/key0000000000000000000");
        VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(session -> {
            Tenant tenant = new Tenant();
            tenant.accountId = account;
            tenant.name = "older-sesame";
            tenant.region = "us-west-2";
            tenant.max24HourSend = 777;
            tenant.maxSendRate = 3;
            tenant.suspended = true;
            tenant.createdAt = created;
            return session.persist(tenant).chain(() -> session.persist(key(account, "AKIAOLDERSESAME00001", sealed, true, created)))
                    .chain(() -> session.persist(key(account, "AKIAOLDERSESAME00002", sealed, false, created.plusSeconds(1))))
                    .chain(() -> session.createMutationQuery("delete from TenancyPosition").executeUpdate());
        }));
        int recorded = VertxContextSupport.subscribeAndAwait(directory::recordTablesWrittenBeforeEvents);
        assertTrue(recorded >= 1, "the older tenant is recorded");
        assertEquals(0, VertxContextSupport.subscribeAndAwait(directory::recordTablesWrittenBeforeEvents), "and only once");

        tenancy.rebuild().get(60, TimeUnit.SECONDS);
        given().header("Authorization", OPERATOR).get("/admin/tenants/" + account).then().statusCode(200)
                .body("name", equalTo("older-sesame")).body("region", equalTo("us-west-2")).body("suspended", equalTo(true))
                .body("max24HourSend", equalTo(777.0f)).body("maxSendRate", equalTo(3.0f));
        given().header("Authorization", OPERATOR).get("/admin/tenants/" + account + "/keys").then().statusCode(200)
                .body("accessKeyId", equalTo(List.of("AKIAOLDERSESAME00001", "AKIAOLDERSESAME00002")))
                .body("status", equalTo(List.of("Active", "Inactive")));
    }

    private static AccessKey key(String account, String id, String sealed, boolean active, Instant created) {
        AccessKey key = new AccessKey();
        key.accessKeyId = id;
        key.accountId = account;
        key.encryptedSecret = sealed;
        key.active = active;
        key.createdAt = created;
        return key;
    }

    private SesClient ses(String key, String secret) {
        return SesClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }
}
