package dev.sesame.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.ses.protocol.SesException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What a client is told when a service does not answer the gateway: a service never reached did nothing (503, try
 * again); one that was reached and then died or went silent may have done it, a SendEmail may have been sent, so
 * the answer is SES's InternalFailure, never a 503 that a client would read as "not sent" and retry into a duplicate
 * (found by {@code ./sesame bench chaos}: kill -9 of a sending instance after its commit, before its answer).
 */
class UnansweredCallTest {

    @Test
    void aServiceNeverReachedIsServiceUnavailable() {
        SesException answer = ServiceClient.unanswered(new ConnectException("Connection refused"));
        assertEquals("ServiceUnavailable", answer.code());
        assertEquals(503, answer.httpStatus());
    }

    @Test
    void aServiceReachedThatDiedOrWentSilentIsInternalFailureWithSesText() {
        for (Throwable failure : new Throwable[] {new HttpClosedException("Connection was closed"), new TimeoutException("30000 ms")}) {
            SesException answer = ServiceClient.unanswered(failure);
            assertEquals("InternalFailure", answer.code(), failure.toString());
            assertEquals(500, answer.httpStatus());
            // The reference's text (ses-api-reference-2010-12-01.txt, Common Errors).
            assertEquals("The request processing has failed because of an unknown error, exception or failure.", answer.getMessage());
        }
    }
}
