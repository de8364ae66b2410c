package dev.sesame.sending.rest;

import dev.sesame.sending.service.SendingRequests.GetSendQuotaRequest;
import dev.sesame.sending.service.SendingRequests.GetSendStatisticsRequest;
import dev.sesame.sending.service.SendingRequests.SendBounceRequest;
import dev.sesame.sending.service.SendingRequests.SendEmailRequest;
import dev.sesame.sending.service.SendingRequests.SendRawEmailRequest;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.sending.service.Sending;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** SendEmail, SendRawEmail, SendBounce, GetSendQuota and GetSendStatistics. */
@ApplicationScoped
public class SendingActions implements SesActions {

    private final Sending sending;
    private final SendingLedger ledger;

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record SendResult(String messageId) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record GetSendQuotaResult(double max24HourSend, double maxSendRate, double sentLast24Hours) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendDataPoint(String timestamp, long deliveryAttempts, long bounces, long complaints, long rejects) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record GetSendStatisticsResult(List<SendDataPoint> sendDataPoints) {
    }

    public SendingActions(Sending sending, SendingLedger ledger) {
        this.sending = sending;
        this.ledger = ledger;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of(
                "SendEmail", SesAction.typed(SendEmailRequest.class,
                        (caller, request) -> sending.sendEmail(caller, request).map(SendResult::new)),
                "SendRawEmail", SesAction.typed(SendRawEmailRequest.class,
                        (caller, request) -> sending.sendRawEmail(caller, request).map(SendResult::new)),
                "SendBounce", SesAction.typed(SendBounceRequest.class,
                        (caller, request) -> sending.sendBounce(caller, request).map(SendResult::new)),
                "GetSendQuota", SesAction.typed(GetSendQuotaRequest.class, this::quota),
                "GetSendStatistics", SesAction.typed(GetSendStatisticsRequest.class, this::statistics));
    }

    private Uni<?> quota(Caller caller, GetSendQuotaRequest request) {
        return Uni.createFrom().item(() -> new GetSendQuotaResult(caller.max24HourSend(), caller.maxSendRate(),
                ledger.sentLast24Hours(caller.accountId())));
    }

    /** 15-minute data points of the last two weeks, as SES reports them. */
    private Uni<?> statistics(Caller caller, GetSendStatisticsRequest request) {
        return Uni.createFrom().item(() -> new GetSendStatisticsResult(ledger.statistics(caller.accountId()).stream()
                .map(p -> new SendDataPoint(p.timestamp().toString(), p.deliveryAttempts(), p.bounces(), p.complaints(), p.rejects()))
                .toList()));
    }
}
