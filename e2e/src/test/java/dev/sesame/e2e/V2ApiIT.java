package dev.sesame.e2e;

import static dev.sesame.e2e.SesameStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * The SES v2 API on the launched stack with the v2 clients applications use: boto3's sesv2, the AWS SDK for Java v2's
 * SesV2Client, the AWS SDK for JavaScript v3 and nodemailer's SES transport. v1 and v2 are two views of one state;
 * mail sent with v2 arrives DKIM-signed, its events in the configuration set's Firehose stream.
 */
class V2ApiIT {

    private static final String DOMAIN = "v2.e2e.example";
    private static SesameStack stack;
    private static String account;

    @BeforeAll
    static void up() throws Exception {
        stack = SesameStack.shared();
        account = stack.secrets.get("SESAME_ACCOUNT_ID");
        String out = stack.run("python3", stack.root.resolve("e2e/src/test/python/v2_api.py").toString(), DOMAIN, account);
        assertTrue(out.contains("boto3 sesv2: ok"), out);
        Matcher tokens = Pattern.compile("(?m)^tokens=(\\S+)$").matcher(out);
        assertTrue(tokens.find(), out);
        for (String token : tokens.group(1).split(",")) {
            stack.dns.cname(token + "._domainkey." + DOMAIN, token + ".dkim.sesame.test");
        }
        stack.sesame("identity", "verify", DOMAIN);
        try (SesV2Client ses = v2()) {
            eventually("DKIM verified", () -> ses.getEmailIdentity(r -> r.emailIdentity(DOMAIN)).dkimAttributes().statusAsString().equals("SUCCESS"));
        }
    }

    private static SesV2Client v2() {
        return SesV2Client.builder().endpointOverride(stack.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @Test
    void theJavaSdkSendsSimpleAndRawAndGetsTypedErrors() throws Exception {
        try (SesV2Client ses = v2()) {
            assertTrue(ses.getAccount(r -> { }).sendQuota().max24HourSend() != 0);
            String[] id = new String[1];
            eventually("the sending service accepts " + DOMAIN, () -> {
                try {
                    id[0] = ses.sendEmail(r -> r.fromEmailAddress("java@" + DOMAIN).destination(d -> d.toAddresses("java@inbox.e2e.example"))
                            .content(c -> c.simple(m -> m.subject(s -> s.data("from SesV2Client")).body(b -> b.text(t -> t.data("hello from the Java SDK v2")))))
                            .configurationSetName("v2-set")).messageId();
                    return true;
                } catch (MessageRejectedException e) {
                    return false;
                }
            });
            assertTrue(id[0].matches("0100[0-9a-f]{12}-[0-9a-f-]{36}-000000"), id[0]);
            assertTrue(stack.delivered("java@inbox.e2e.example", id[0]).contains("hello from the Java SDK v2"));
            String raw = "From: java-raw@" + DOMAIN + "\r\nTo: java-raw@inbox.e2e.example\r\nSubject: raw v2\r\n\r\nraw body\r\n";
            String rawId = ses.sendEmail(r -> r.content(c -> c.raw(m -> m.data(SdkBytes.fromString(raw, StandardCharsets.US_ASCII))))
                    .configurationSetName("v2-set")).messageId();
            String arrived = stack.delivered("java-raw@inbox.e2e.example", rawId);
            assertTrue(arrived.contains("raw body"), arrived);
            assertTrue(arrived.contains("d=" + DOMAIN), "DKIM-signed: " + arrived);
            stack.archived("v2-stream", id[0]);
            String templated = ses.sendEmail(r -> r.fromEmailAddress("java@" + DOMAIN).destination(d -> d.toAddresses("java-tpl@inbox.e2e.example"))
                    .content(c -> c.template(t -> t.templateName("v2-welcome").templateData("{\"name\":\"Bo\"}")))).messageId();
            String rendered = stack.delivered("java-tpl@inbox.e2e.example", templated);
            assertTrue(rendered.contains("Subject: Welcome, Bo") && rendered.contains("Hello Bo!"), rendered);
            stack.archived("v2-stream", rawId);

            assertThrows(MessageRejectedException.class, () -> ses.sendEmail(r -> r.fromEmailAddress("x@unverified.v2.example")
                    .destination(d -> d.toAddresses("x@inbox.e2e.example"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t")))))));
            assertThrows(AlreadyExistsException.class, () -> ses.createEmailIdentity(r -> r.emailIdentity(DOMAIN)));
            NotFoundException missing = assertThrows(NotFoundException.class, () -> ses.getEmailIdentity(r -> r.emailIdentity("none.v2.example")));
            assertEquals(404, missing.statusCode());
            BadRequestException bad = assertThrows(BadRequestException.class, () -> ses.sendEmail(r -> r.content(c -> c.simple(m -> m
                    .subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t"))))).fromEmailAddress("java@" + DOMAIN)
                    .emailTags(t -> t.name("bad name!").value("v"))));
            assertEquals(400, bad.statusCode());
            SesV2Exception unimplemented = assertThrows(SesV2Exception.class, () -> ses.listDedicatedIpPools(r -> { }));
            assertEquals(501, unimplemented.statusCode());
            assertEquals("NotImplemented", unimplemented.awsErrorDetails().errorCode());
        }
        String quota = stack.run("aws", "ses", "get-send-quota");
        assertTrue(!quota.contains("\"SentLast24Hours\": 0.0"), "v1 counts what v2 sent: " + quota);
    }

    @Test
    void aHardBounceListsTheAddressAndTheNextMessageIsNotAttempted() throws Exception {
        String gone = "reject-v2@inbox.e2e.example"; // the relay answers 550 for reject-* recipients
        try (SesV2Client ses = v2()) {
            String first = ses.sendEmail(r -> r.fromEmailAddress("java@" + DOMAIN).destination(d -> d.toAddresses(gone))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("first")).body(b -> b.text(t -> t.data("t")))))
                    .configurationSetName("v2-set")).messageId();
            eventually("the address listed by its bounce", () -> {
                try {
                    return ses.getSuppressedDestination(r -> r.emailAddress(gone)).suppressedDestination().reasonAsString().equals("BOUNCE");
                } catch (NotFoundException e) {
                    return false;
                }
            });
            assertEquals(first, ses.getSuppressedDestination(r -> r.emailAddress(gone)).suppressedDestination().attributes().messageId());
            int attempts = stack.mail.attempts(gone);
            String second = ses.sendEmail(r -> r.fromEmailAddress("java@" + DOMAIN).destination(d -> d.toAddresses(gone))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("second")).body(b -> b.text(t -> t.data("t")))))
                    .configurationSetName("v2-set")).messageId();
            eventually("the second message's Bounce, on the account's list", () -> stack.firehoseRecords("v2-stream").stream()
                    .anyMatch(l -> l.contains(second) && l.contains("\"bounceSubType\":\"OnAccountSuppressionList\"")));
            assertEquals(attempts, stack.mail.attempts(gone), "a listed address is not attempted");
            ses.deleteSuppressedDestination(r -> r.emailAddress(gone));
            assertThrows(NotFoundException.class, () -> ses.getSuppressedDestination(r -> r.emailAddress(gone)));
            assertTrue(stack.firehoseRecords("v2-stream").stream().noneMatch(l -> l.contains(second) && l.contains("\"eventType\":\"Delivery\"")));
        }
    }

    @Test
    void theJavaScriptSdkAndNodemailerSendThroughV2() throws Exception {
        Path node = stack.root.resolve("e2e/src/test/node");
        String out = stack.run(Map.of("AWS_REGION", "us-east-1"), "node", node.resolve("v2_clients.mjs").toString(),
                stack.endpoint().toString(), DOMAIN, "node@inbox.e2e.example");
        assertTrue(out.contains("node v2 clients: ok"), out);
        for (String name : List.of("sdk-id", "nodemailer-id")) {
            Matcher id = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(out);
            assertTrue(id.find(), name + " in " + out);
            String arrived = stack.delivered("node@inbox.e2e.example", id.group(1));
            assertTrue(arrived.contains("d=" + DOMAIN), "DKIM-signed: " + arrived);
            stack.archived("v2-stream", id.group(1));
        }
        String attachment = stack.mail.to("node@inbox.e2e.example").stream().map(m -> new String(m.data(), StandardCharsets.ISO_8859_1))
                .filter(m -> m.contains("from nodemailer")).findFirst().orElseThrow();
        assertTrue(attachment.contains("filename=notes.txt") || attachment.contains("filename=\"notes.txt\""), attachment);
    }
}
