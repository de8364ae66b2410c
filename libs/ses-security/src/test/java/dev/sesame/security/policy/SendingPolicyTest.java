package dev.sesame.security.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of sending-authorization policies, as the SES developer guide describes them. */
class SendingPolicyTest {

    static final String IDENTITY = "arn:aws:ses:us-east-1:111111111111:identity/example.com";
    static final String SENDER = "222222222222";

    static AuthorizationRequest send(String caller, String action, Map<String, List<String>> context) {
        return new AuthorizationRequest(caller, action, IDENTITY, context);
    }

    static AuthorizationRequest send(Map<String, List<String>> context) {
        return send(SENDER, "ses:SendEmail", context);
    }

    static SendingPolicy policy(String statements) throws InvalidPolicyException {
        return SendingPolicy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    static String allow(String principal, String action, String condition) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":" + action
                + ",\"Resource\":\"" + IDENTITY + "\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    @Test
    void anAccountIdPrincipalAllowsThatAccountOnly() throws Exception {
        SendingPolicy p = policy(allow("{\"AWS\":\"" + SENDER + "\"}", "\"ses:SendEmail\"", null));
        assertEquals(Decision.ALLOW, p.evaluate(send(Map.of())));
        assertEquals(Decision.NOT_APPLICABLE, p.evaluate(send("333333333333", "ses:SendEmail", Map.of())));
    }

    @Test
    void anAccountRootArnAndAStarPrincipalMatch() throws Exception {
        assertEquals(Decision.ALLOW, policy(allow("{\"AWS\":[\"arn:aws:iam::" + SENDER + ":root\"]}", "\"ses:SendEmail\"", null))
                .evaluate(send(Map.of())));
        assertEquals(Decision.ALLOW, policy(allow("\"*\"", "\"ses:SendEmail\"", null)).evaluate(send(Map.of())));
        assertEquals(Decision.ALLOW, policy(allow("{\"AWS\":\"*\"}", "\"ses:SendEmail\"", null)).evaluate(send(Map.of())));
    }

    @Test
    void actionsMatchExactlyOrByWildcardAndIgnoreCase() throws Exception {
        SendingPolicy rawOnly = policy(allow("\"*\"", "\"ses:SendRawEmail\"", null));
        assertEquals(Decision.NOT_APPLICABLE, rawOnly.evaluate(send(Map.of())));
        assertEquals(Decision.ALLOW, rawOnly.evaluate(send(SENDER, "ses:SendRawEmail", Map.of())));
        SendingPolicy wildcard = policy(allow("\"*\"", "[\"SES:Send*\"]", null));
        assertEquals(Decision.ALLOW, wildcard.evaluate(send(SENDER, "ses:SendRawEmail", Map.of())));
        assertEquals(Decision.ALLOW, wildcard.evaluate(send(Map.of())));
    }

    @Test
    void theResourceMustBeTheIdentity() throws Exception {
        SendingPolicy other = SendingPolicy.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"ses:*\",\"Resource\":\"arn:aws:ses:us-east-1:111111111111:identity/other.com\"}}");
        assertEquals(Decision.NOT_APPLICABLE, other.evaluate(send(Map.of())));
        SendingPolicy any = SendingPolicy.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"ses:*\",\"Resource\":\"arn:aws:ses:*:111111111111:identity/*\"}}");
        assertEquals(Decision.ALLOW, any.evaluate(send(Map.of())));
    }

    @Test
    void anExplicitDenyOverridesAnyAllow() throws Exception {
        SendingPolicy allowAll = policy(allow("\"*\"", "\"ses:*\"", null));
        SendingPolicy denySender = SendingPolicy.parse("{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
                + SENDER + "\"},\"Action\":\"ses:SendEmail\",\"Resource\":\"" + IDENTITY + "\"}]}");
        assertEquals(Decision.DENY, SendingPolicy.evaluate(List.of(allowAll, denySender), send(Map.of())));
        assertEquals(Decision.ALLOW, SendingPolicy.evaluate(List.of(allowAll, denySender),
                send("333333333333", "ses:SendEmail", Map.of())));
        assertEquals(Decision.NOT_APPLICABLE, SendingPolicy.evaluate(List.of(), send(Map.of())));
    }

    @Test
    void stringEqualsOnTheFromAddress() throws Exception {
        SendingPolicy p = policy(allow("\"*\"", "\"ses:SendEmail\"", "{\"StringEquals\":{\"ses:FromAddress\":\"marketing@example.com\"}}"));
        assertEquals(Decision.ALLOW, p.evaluate(send(Map.of("ses:FromAddress", List.of("marketing@example.com")))));
        assertEquals(Decision.NOT_APPLICABLE, p.evaluate(send(Map.of("ses:FromAddress", List.of("ceo@example.com")))));
        assertEquals(Decision.NOT_APPLICABLE, p.evaluate(send(Map.of())));
    }

    @Test
    void stringLikeOnTheDisplayNameWithKeysInAnyCase() throws Exception {
        SendingPolicy p = policy(allow("\"*\"", "\"ses:SendEmail\"", "{\"StringLike\":{\"ses:fromdisplayname\":\"Marketing*\"}}"));
        assertEquals(Decision.ALLOW, p.evaluate(send(Map.of("ses:FromDisplayName", List.of("Marketing Team")))));
        assertEquals(Decision.NOT_APPLICABLE, p.evaluate(send(Map.of("ses:FromDisplayName", List.of("Sales")))));
    }

    @Test
    void forAllValuesStringLikeRequiresEveryRecipientToMatch() throws Exception {
        SendingPolicy p = policy(allow("\"*\"", "\"ses:SendEmail\"",
                "{\"ForAllValues:StringLike\":{\"ses:Recipients\":[\"*@example.com\",\"*@example.org\"]}}"));
        assertEquals(Decision.ALLOW, p.evaluate(send(Map.of("ses:Recipients", List.of("a@example.com", "b@example.org")))));
        assertEquals(Decision.NOT_APPLICABLE, p.evaluate(send(Map.of("ses:Recipients", List.of("a@example.com", "x@evil.test")))));
    }

    @Test
    void ipAddressOnTheSourceIp() throws Exception {
        SendingPolicy p = policy(allow("\"*\"", "\"ses:SendEmail\"", "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}}"));
        assertEquals(Decision.ALLOW, p.evaluate(send(Map.of("aws:SourceIp", List.of("10.1.2.3")))));
        assertEquals(Decision.ALLOW, p.evaluate(send(Map.of("aws:SourceIp", List.of("2001:db8::1")))));
        assertEquals(Decision.NOT_APPLICABLE, p.evaluate(send(Map.of("aws:SourceIp", List.of("192.168.0.1")))));
        SendingPolicy not = policy(allow("\"*\"", "\"ses:SendEmail\"", "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"));
        assertEquals(Decision.ALLOW, not.evaluate(send(Map.of("aws:SourceIp", List.of("192.168.0.1")))));
        assertEquals(Decision.NOT_APPLICABLE, not.evaluate(send(Map.of("aws:SourceIp", List.of("10.0.0.1")))));
    }

    @Test
    void dateConditionsOnTheCurrentTime() throws Exception {
        SendingPolicy window = policy(allow("\"*\"", "\"ses:SendEmail\"",
                "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"},"
                        + "\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}"));
        assertEquals(Decision.ALLOW, window.evaluate(send(Map.of("aws:CurrentTime", List.of("2026-11-26T09:00:00Z")))));
        assertEquals(Decision.NOT_APPLICABLE, window.evaluate(send(Map.of("aws:CurrentTime", List.of("2027-03-01T00:00:00Z")))));
        assertEquals(Decision.NOT_APPLICABLE, window.evaluate(send(Map.of("aws:CurrentTime", List.of("2025-12-31T23:59:59Z")))));
    }

    @Test
    void everyConditionOfAStatementMustHold() throws Exception {
        SendingPolicy p = policy(allow("\"*\"", "\"ses:SendEmail\"",
                "{\"StringEquals\":{\"ses:FromAddress\":\"a@example.com\"},\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"));
        assertEquals(Decision.ALLOW, p.evaluate(send(Map.of("ses:FromAddress", List.of("a@example.com"), "aws:SourceIp", List.of("10.0.0.9")))));
        assertEquals(Decision.NOT_APPLICABLE, p.evaluate(send(Map.of("ses:FromAddress", List.of("a@example.com"), "aws:SourceIp", List.of("11.0.0.9")))));
    }

    @Test
    void documentsThatAreNotSendingPoliciesAreInvalid() {
        for (String bad : List.of("not json", "[]", "{}", "{\"Statement\":[]}",
                "{\"Statement\":{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"ses:SendEmail\",\"Resource\":\"*\"}}",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ses:SendEmail\",\"Resource\":\"*\"}}",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ses:SendEmail\"}}",
                "{\"Statement\":{\"Effect\":\"Allow\",\"NotPrincipal\":\"*\",\"Principal\":\"*\",\"Action\":\"ses:SendEmail\",\"Resource\":\"*\"}}",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ses:SendEmail\",\"Resource\":\"*\","
                        + "\"Condition\":{\"NumericEquals\":{\"x\":\"1\"}}}}",
                "{\"Version\":\"1999-01-01\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ses:SendEmail\",\"Resource\":\"*\"}}")) {
            assertThrows(InvalidPolicyException.class, () -> SendingPolicy.parse(bad), bad);
        }
    }
}
