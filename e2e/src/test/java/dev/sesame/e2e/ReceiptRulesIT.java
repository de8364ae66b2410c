package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.CannotDeleteException;

/** Receipt rule sets on the launched stack with the AWS CLI and the Java SDK. */
class ReceiptRulesIT {

    @Test
    void theCliAndTheSdkManageRuleSetsRulesAndTheActiveSet() throws Exception {
        SesameStack stack = SesameStack.shared();
        stack.run("aws", "ses", "create-receipt-rule-set", "--rule-set-name", "inbound");
        stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "inbound", "--rule",
                "{\"Name\":\"store\",\"Enabled\":true,\"Recipients\":[\"in.e2e.example\"],"
                        + "\"Actions\":[{\"S3Action\":{\"BucketName\":\"mail-in\",\"ObjectKeyPrefix\":\"in/\"}}]}");
        stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "inbound", "--rule",
                "{\"Name\":\"tag\",\"Actions\":[{\"AddHeaderAction\":{\"HeaderName\":\"X-Seen\",\"HeaderValue\":\"yes\"}}]}");
        JsonNode described = new ObjectMapper().readTree(stack.run("aws", "ses", "describe-receipt-rule-set", "--rule-set-name", "inbound"));
        assertEquals("tag", described.at("/Rules/0/Name").asText(), "a rule created without After goes first");
        assertEquals("mail-in", described.at("/Rules/1/Actions/0/S3Action/BucketName").asText());
        try (SesClient ses = stack.ses()) {
            ses.setActiveReceiptRuleSet(r -> r.ruleSetName("inbound"));
            assertEquals("inbound", ses.describeActiveReceiptRuleSet(r -> { }).metadata().name());
            assertThrows(CannotDeleteException.class, () -> ses.deleteReceiptRuleSet(r -> r.ruleSetName("inbound")));
            ses.setActiveReceiptRuleSet(r -> { });
            ses.deleteReceiptRuleSet(r -> r.ruleSetName("inbound"));
        }
    }

    @Test
    void mailSentWithJakartaMailToTheInboundPortIsStoredByTheActiveRules() throws Exception {
        SesameStack stack = SesameStack.shared();
        stack.run("aws", "ses", "verify-domain-identity", "--domain", "inbox.e2e.example");
        stack.sesame("identity", "verify", "inbox.e2e.example");
        stack.run("aws", "ses", "create-receipt-rule-set", "--rule-set-name", "receiving");
        stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "receiving", "--rule",
                "{\"Name\":\"keep\",\"Enabled\":true,\"Recipients\":[\"inbox.e2e.example\"],\"Actions\":["
                        + "{\"AddHeaderAction\":{\"HeaderName\":\"X-Received-By\",\"HeaderValue\":\"sesame\"}},"
                        + "{\"S3Action\":{\"BucketName\":\"received\",\"ObjectKeyPrefix\":\"e2e/\"}}]}");
        stack.run("aws", "ses", "set-active-receipt-rule-set", "--rule-set-name", "receiving");
        java.nio.file.Path bucket = stack.home.resolve("receipt-objects/" + stack.secrets.get("SESAME_ACCOUNT_ID") + "/received/e2e");
        deliverInbound(stack, "someone@outside.example", "hello@inbox.e2e.example", "inbound", "delivered to Sesame");
        SesameStack.eventually("the stored message", () -> java.nio.file.Files.exists(bucket));
        try (var objects = java.nio.file.Files.list(bucket)) {
            String stored = java.nio.file.Files.readString(objects.findFirst().orElseThrow());
            org.junit.jupiter.api.Assertions.assertTrue(stored.startsWith("X-Received-By: sesame"), stored);
            org.junit.jupiter.api.Assertions.assertTrue(stored.contains("delivered to Sesame"), stored);
        }
    }

    @Test
    void anSnsActionPublishesTheReceiptNotificationWithTheContentToTheSharedTopicRegistry() throws Exception {
        SesameStack stack = SesameStack.shared();
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        String topic = "arn:aws:sns:us-east-1:" + account + ":inbound-mail";
        java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/inbound", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try {
            stack.sesame("subscribe", topic, "http://127.0.0.1:" + hook.getAddress().getPort() + "/inbound");
            stack.run("aws", "ses", "verify-domain-identity", "--domain", "sns-in.e2e.example");
            stack.sesame("identity", "verify", "sns-in.e2e.example");
            stack.run("aws", "ses", "create-receipt-rule-set", "--rule-set-name", "sns-receiving");
            stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "sns-receiving", "--rule",
                    "{\"Name\":\"publish\",\"Enabled\":true,\"Recipients\":[\"sns-in.e2e.example\"],\"Actions\":["
                            + "{\"SNSAction\":{\"TopicArn\":\"" + topic + "\",\"Encoding\":\"UTF-8\"}}]}");
            stack.run("aws", "ses", "set-active-receipt-rule-set", "--rule-set-name", "sns-receiving");
            deliverInbound(stack, "someone@outside.example", "support@sns-in.e2e.example", "needs help", "please call me");
            SesameStack.eventually("the receipt notification", () -> !received.isEmpty());
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode envelope = json.readTree(received.get(0));
            assertEquals("Amazon SES Email Receipt Notification", envelope.path("Subject").asText());
            String pem = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(envelope.path("SigningCertURL").asText())).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            java.security.cert.Certificate certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            java.security.Signature rsa = java.security.Signature.getInstance("SHA1withRSA");
            rsa.initVerify(certificate.getPublicKey());
            // SNS's string to sign includes the Subject, between MessageId and Timestamp.
            rsa.update(("Message\n" + envelope.path("Message").asText() + "\nMessageId\n" + envelope.path("MessageId").asText()
                    + "\nSubject\n" + envelope.path("Subject").asText() + "\nTimestamp\n" + envelope.path("Timestamp").asText()
                    + "\nTopicArn\n" + envelope.path("TopicArn").asText() + "\nType\nNotification\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            org.junit.jupiter.api.Assertions.assertTrue(rsa.verify(java.util.Base64.getDecoder().decode(envelope.path("Signature").asText())));
            com.fasterxml.jackson.databind.JsonNode notification = json.readTree(envelope.path("Message").asText());
            assertEquals("Received", notification.path("notificationType").asText());
            assertEquals("SNS", notification.at("/receipt/action/type").asText());
            assertEquals("support@sns-in.e2e.example", notification.at("/receipt/recipients/0").asText());
            assertEquals("needs help", notification.at("/mail/commonHeaders/subject").asText());
            org.junit.jupiter.api.Assertions.assertTrue(notification.path("content").asText().contains("please call me"));
            stack.run("aws", "ses", "set-active-receipt-rule-set");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void sendBounceAnswersAReceivedMessageWithADsnToItsSender() throws Exception {
        SesameStack stack = SesameStack.shared();
        stack.run("aws", "ses", "verify-domain-identity", "--domain", "bounce-in.e2e.example");
        stack.sesame("identity", "verify", "bounce-in.e2e.example");
        stack.run("aws", "ses", "create-receipt-rule-set", "--rule-set-name", "bouncing");
        stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "bouncing", "--rule",
                "{\"Name\":\"keep\",\"Enabled\":true,\"Actions\":[{\"S3Action\":{\"BucketName\":\"bounced\"}}]}");
        stack.run("aws", "ses", "set-active-receipt-rule-set", "--rule-set-name", "bouncing");
        String inboundId = deliverInbound(stack, "writer@elsewhere.e2e.example", "gone@bounce-in.e2e.example", "are you there?", "hello");
        try (SesClient ses = stack.ses()) {
            String[] bounceId = new String[1];
            SesameStack.eventually("SendBounce accepts the received message", () -> {
                try {
                    bounceId[0] = ses.sendBounce(r -> r.originalMessageId(inboundId).bounceSender("mailer-daemon@bounce-in.e2e.example")
                            .explanation("No such mailbox here.")
                            .bouncedRecipientInfoList(b -> b.recipient("gone@bounce-in.e2e.example")
                                    .bounceType(software.amazon.awssdk.services.ses.model.BounceType.DOES_NOT_EXIST))).messageId();
                    return true;
                } catch (software.amazon.awssdk.services.ses.model.MessageRejectedException e) {
                    return false;
                }
            });
            SesameStack.eventually("the DSN reaches the original sender", () -> stack.mail.to("writer@elsewhere.e2e.example").stream()
                    .anyMatch(m -> new String(m.data(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(bounceId[0])));
            String dsn = stack.mail.to("writer@elsewhere.e2e.example").stream()
                    .map(m -> new String(m.data(), java.nio.charset.StandardCharsets.ISO_8859_1)).filter(t -> t.contains(bounceId[0]))
                    .findFirst().orElseThrow();
            org.junit.jupiter.api.Assertions.assertTrue(dsn.contains("Final-Recipient: rfc822; gone@bounce-in.e2e.example"), dsn);
            org.junit.jupiter.api.Assertions.assertTrue(dsn.contains("Status: 5.1.1"), dsn);
        }
        stack.run("aws", "ses", "set-active-receipt-rule-set");
    }

    @Test
    void aBounceActionAnswersTheSenderAndALambdaStopRuleSetEndsTheRuleSet() throws Exception {
        SesameStack stack = SesameStack.shared();
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        String function = "arn:aws:lambda:us-east-1:" + account + ":function:gatekeeper";
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer lambda = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        lambda.createContext("/gatekeeper", exchange -> {
            events.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            byte[] body = "{\"disposition\":\"STOP_RULE_SET\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        lambda.start();
        try {
            stack.sesame("function", "register", function, "http://127.0.0.1:" + lambda.getAddress().getPort() + "/gatekeeper");
            stack.run("aws", "ses", "verify-domain-identity", "--domain", "closed.e2e.example");
            stack.sesame("identity", "verify", "closed.e2e.example");
            stack.run("aws", "ses", "create-receipt-rule-set", "--rule-set-name", "closed");
            stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "closed", "--rule",
                    "{\"Name\":\"refuse\",\"Enabled\":true,\"Actions\":["
                            + "{\"BounceAction\":{\"SmtpReplyCode\":\"550\",\"StatusCode\":\"5.1.1\",\"Message\":\"This mailbox is closed\","
                            + "\"Sender\":\"mailer-daemon@closed.e2e.example\"}},"
                            + "{\"LambdaAction\":{\"FunctionArn\":\"" + function + "\",\"InvocationType\":\"RequestResponse\"}}]}");
            stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "closed", "--after", "refuse", "--rule",
                    "{\"Name\":\"never\",\"Enabled\":true,\"Actions\":[{\"S3Action\":{\"BucketName\":\"after-the-gatekeeper\"}}]}");
            stack.run("aws", "ses", "set-active-receipt-rule-set", "--rule-set-name", "closed");
            deliverInbound(stack, "hopeful@elsewhere.e2e.example", "owner@closed.e2e.example", "anyone home?", "hello");
            SesameStack.eventually("the Bounce action's DSN reaches the sender", () -> !stack.mail.to("hopeful@elsewhere.e2e.example").isEmpty());
            String dsn = new String(stack.mail.to("hopeful@elsewhere.e2e.example").get(0).data(), java.nio.charset.StandardCharsets.ISO_8859_1);
            org.junit.jupiter.api.Assertions.assertTrue(dsn.contains("From: mailer-daemon@closed.e2e.example"), dsn);
            org.junit.jupiter.api.Assertions.assertTrue(dsn.contains("Final-Recipient: rfc822; owner@closed.e2e.example"), dsn);
            org.junit.jupiter.api.Assertions.assertTrue(dsn.contains("Diagnostic-Code: smtp; 550 5.1.1 This mailbox is closed"), dsn);
            assertEquals(1, events.size(), "the function was asked once, and waited for");
            JsonNode event = new ObjectMapper().readTree(events.get(0));
            assertEquals("owner@closed.e2e.example", event.at("/Records/0/ses/receipt/recipients/0").asText());
            org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(stack.home.resolve("receipt-objects/" + account + "/after-the-gatekeeper")),
                    "STOP_RULE_SET: the later rule did not run");
        } finally {
            stack.run("aws", "ses", "set-active-receipt-rule-set");
            lambda.stop(0);
        }
    }

    /**
     * Sends a message with Jakarta Mail to the stack's inbound SMTP port, again until the receipt service accepts it
     * (it learns verified domains from the identity events); returns the inbound message id from the 250 reply.
     */
    static String deliverInbound(SesameStack stack, String from, String to, String subject, String text) throws InterruptedException {
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(stack.base + 7));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(props);
        String[] inboundId = new String[1];
        SesameStack.eventually("the inbound server accepts the mail", () -> {
            try {
                jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(session);
                message.setFrom(from);
                message.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
                message.setSubject(subject);
                message.setText(text);
                jakarta.mail.Transport transport = session.getTransport("smtp");
                transport.connect();
                transport.sendMessage(message, message.getAllRecipients());
                String reply = ((org.eclipse.angus.mail.smtp.SMTPTransport) transport).getLastServerResponse();
                transport.close();
                inboundId[0] = reply.substring(reply.indexOf("Ok ") + 3).trim();
                return true;
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        });
        return inboundId[0];
    }
}
