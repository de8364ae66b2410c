package dev.sesame.e2e;

import static dev.sesame.e2e.SesameStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.VerificationStatus;

/**
 * SES's SMTP interface on the launched stack, with the clients applications send through: Python's smtplib (port
 * 587's STARTTLS and 465's implicit TLS), Jakarta Mail and swaks. The password each uses is the one AWS's documented
 * derivation gives for the tenant's key, which {@code ./sesame keys smtp-password} prints too. What they submit
 * arrives at the relay DKIM-signed, and its events reach the configuration set's Firehose stream named in the
 * X-SES-CONFIGURATION-SET header.
 */
class SmtpSubmissionIT {

    private static final String DOMAIN = "smtp.e2e.example";
    private static SesameStack stack;
    private static String account;

    @BeforeAll
    static void up() throws Exception {
        stack = SesameStack.shared();
        account = stack.secrets.get("SESAME_ACCOUNT_ID");
        stack.run("aws", "ses", "verify-domain-identity", "--domain", DOMAIN);
        stack.sesame("identity", "verify", DOMAIN);
        try (SesClient ses = stack.ses()) {
            List<String> tokens = ses.verifyDomainDkim(r -> r.domain(DOMAIN)).dkimTokens();
            tokens.forEach(t -> stack.dns.cname(t + "._domainkey." + DOMAIN, t + ".dkim.sesame.test"));
            eventually("DKIM verified", () -> ses.getIdentityDkimAttributes(r -> r.identities(DOMAIN)).dkimAttributes()
                    .get(DOMAIN).dkimVerificationStatus() == VerificationStatus.SUCCESS);
        }
        stack.run("aws", "ses", "create-configuration-set", "--configuration-set", "Name=smtp-set");
        stack.run("aws", "ses", "create-configuration-set-event-destination", "--configuration-set-name", "smtp-set",
                "--event-destination", "{\"Name\":\"archive\",\"Enabled\":true,\"MatchingEventTypes\":[\"send\",\"delivery\"],"
                        + "\"KinesisFirehoseDestination\":{\"IAMRoleARN\":\"arn:aws:iam::" + account + ":role/fh\","
                        + "\"DeliveryStreamARN\":\"arn:aws:firehose:us-east-1:" + account + ":deliverystream/smtp-stream\"}}");
    }

    private static String password() throws Exception {
        return stack.sesame("keys", "smtp-password", account, stack.accessKeyId()).trim();
    }

    @Test
    void smtplibSendsOverStartTlsAndImplicitTlsWithThePasswordAwsDocumentsHowToDerive() throws Exception {
        String script = stack.root.resolve("e2e/src/test/python/smtp_submission.py").toString();
        String out = stack.run("python3", script, "127.0.0.1", String.valueOf(stack.smtpPort()), String.valueOf(stack.smtpTlsPort()),
                stack.caBundle().toString(), "app@" + DOMAIN, "smtplib@inbox.e2e.example");
        assertTrue(out.contains("smtplib submission: ok"), out);
        assertEquals(value(out, "derived"), password(), "the launcher's password is the one AWS's derivation gives");
        for (String id : List.of(value(out, "starttls-id"), value(out, "tls-id"))) {
            assertTrue(id.matches("0100[0-9a-f]{12}-[0-9a-f-]{36}-000000"), id);
            String delivered = stack.delivered("smtplib@inbox.e2e.example", id);
            assertTrue(dkimDomain(delivered).equals(DOMAIN), "DKIM-signed for the domain: " + delivered);
            assertTrue(delivered.contains("sent through SES's SMTP interface"), delivered);
            assertTrue(!delivered.contains("X-SES-CONFIGURATION-SET"), "SES's own headers are not passed on");
            stack.archived("smtp-stream", id);
        }
    }

    @Test
    void jakartaMailSendsWithStartTlsRequiredAndTheServerCertificateChecked() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(stack.smtpPort()));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.socketFactory", trustingTheLaunchersCa().getSocketFactory());
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("Jakarta <jakarta@" + DOMAIN + ">"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("jakarta@inbox.e2e.example"));
        message.setSubject("from Jakarta Mail ✓", "UTF-8");
        message.setText("hello from Jakarta Mail", "UTF-8");
        message.setHeader("X-SES-CONFIGURATION-SET", "smtp-set");
        String reply;
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect(stack.accessKeyId(), password());
            transport.sendMessage(message, message.getAllRecipients());
            reply = transport.getLastServerResponse().trim();
        }
        Matcher ok = Pattern.compile("^250 Ok (\\S+)$").matcher(reply);
        assertTrue(ok.matches(), reply);
        MimeMessage arrived = new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(
                stack.delivered("jakarta@inbox.e2e.example", ok.group(1)).getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("from Jakarta Mail ✓", arrived.getSubject());
        assertTrue(arrived.getMessageID().startsWith("<" + ok.group(1) + "@"), "the platform's Message-ID, as the API's sends have: "
                + arrived.getMessageID());
        stack.archived("smtp-stream", ok.group(1));
    }

    @Test
    void swaksSendsWithAuthLoginOverStartTls() throws Exception {
        String out = stack.run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(stack.smtpPort()), "--tls",
                "--auth", "LOGIN", "--auth-user", stack.accessKeyId(), "--auth-password", password(),
                "--from", "swaks@" + DOMAIN, "--to", "swaks@inbox.e2e.example",
                "--header", "Subject: from swaks", "--header", "X-SES-CONFIGURATION-SET: smtp-set", "--body", "hello from swaks");
        Matcher ok = Pattern.compile("<~ +250 Ok (\\S+)").matcher(out);
        assertTrue(ok.find(), out);
        assertTrue(stack.delivered("swaks@inbox.e2e.example", ok.group(1)).contains("hello from swaks"));
        stack.archived("smtp-stream", ok.group(1));
        String refused = stack.launch("keys", "smtp-password", account, "AKIANOSUCHKEYNOSUCHK").output();
        assertTrue(refused.contains("no active key"), refused);
        String failed = run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(stack.smtpPort()), "--tls", "--auth", "PLAIN",
                "--auth-user", stack.accessKeyId(), "--auth-password", "BNotThePasswordNotThePasswordNotThePassword=",
                "--from", "swaks@" + DOMAIN, "--to", "swaks@inbox.e2e.example");
        assertTrue(failed.contains("535 Authentication Credentials Invalid"), failed);
    }

    /** A command that is expected to fail (swaks exits non-zero on a refused login): its output. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static String value(String out, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(out);
        assertTrue(m.find(), name + " in " + out);
        return m.group(1);
    }

    private static String dkimDomain(String message) {
        Matcher d = Pattern.compile("(?s)DKIM-Signature:.*?[ ;\t\n]d=([^;\\s]+)").matcher(message.substring(0, message.indexOf("\r\n\r\n")));
        return d.find() ? d.group(1) : "(unsigned)";
    }

    private static SSLContext trustingTheLaunchersCa() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(stack.caBundle())) {
            trusted.setCertificateEntry("sesame-ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
