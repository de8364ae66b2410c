package dev.sesame.sending;

import static dev.sesame.sending.SendingFixtures.email;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.security.InternalToken;
import dev.sesame.security.WarmUp;
import dev.sesame.testing.InternalCalls;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's warm-up requests ({@link WarmUp}): a SendEmail of the warm-up tenant is checked, composed and committed
 * like any send, but to {@code sesame.warm-up} only: nothing to deliver, count or report.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class WarmUpTest {

    private static ValidatableResponse warmUp(String action, Object body) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", InternalCalls.bearer(InternalToken.Claims.warmUp("sending", "us-east-1", "warm-up-test")))
                .body(body).post("/internal/ses/" + action).then();
    }

    private static List<EventEnvelope> of(String topic, String messageId) {
        return KafkaBroker.shared().readAll(topic, new EventCodec()).stream().map(r -> r.value())
                .filter(e -> messageId.equals(e.aggregateId())).toList();
    }

    @Test
    void aWarmUpSendIsCommittedToTheWarmUpTopicOnly() {
        String id = warmUp("SendEmail", email(WarmUp.SOURCE, List.of(WarmUp.RECIPIENT), "warm-up", "not sent")).statusCode(200)
                .extract().path("MessageId");
        assertEquals(List.of("MessageAccepted", "Send"), of(Topics.WARM_UP, id).stream().map(EventEnvelope::type).sorted().toList());
        assertTrue(of(Topics.MESSAGES, id).isEmpty(), "nothing for the delivery workers");
        assertTrue(of(Topics.SENDING, id).isEmpty(), "no Send on the sending stream");
    }

    @Test
    void aWarmUpRequestMailsOnlyTheSimulatorFromTheWarmUpDomain() {
        ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();
        warmUp("SendEmail", email(WarmUp.SOURCE, List.of("someone@rcpt.example.com"), "s", "t")).statusCode(400)
                .body("code", equalTo("MessageRejected"));
        warmUp("SendEmail", email("me@bench.example.com", List.of(WarmUp.RECIPIENT), "s", "t")).statusCode(400)
                .body("code", equalTo("MessageRejected"));
        assertTrue(sink.to("someone@rcpt.example.com").isEmpty());
    }

    @Test
    void aWarmUpTokenMayOnlySendEmail() {
        warmUp("GetSendQuota", Map.of()).statusCode(403).body("code", equalTo("AccessDenied"));
        warmUp("SendRawEmail", Map.of("RawMessage", Map.of("Data", "RnJvbTogYUBiLmMK"))).statusCode(403).body("code", equalTo("AccessDenied"));
    }
}
