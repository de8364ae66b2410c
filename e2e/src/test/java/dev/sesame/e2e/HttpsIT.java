package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SES endpoint over HTTPS, with the certificate the launcher made, through the AWS CLI and boto3. */
class HttpsIT {

    private static SesameStack stack;

    @BeforeAll
    static void up() throws Exception {
        stack = SesameStack.shared();
    }

    private static Map<String, String> trustingTheLocalCa() {
        return Map.of("AWS_CA_BUNDLE", stack.caBundle().toString(), "SESAME_HTTPS_ENDPOINT", stack.httpsEndpoint().toString());
    }

    @Test
    void theAwsCliSendsOverHttpsTrustingTheLaunchersCa() throws Exception {
        stack.run(trustingTheLocalCa(), "aws", "--endpoint-url", stack.httpsEndpoint().toString(), "ses", "verify-domain-identity",
                "--domain", "cli-https.e2e.example");
        stack.sesame("identity", "verify", "cli-https.e2e.example");
        JsonNode sent = new ObjectMapper().readTree(stack.run(trustingTheLocalCa(), "aws", "--endpoint-url",
                stack.httpsEndpoint().toString(), "ses", "send-email", "--from", "me@cli-https.e2e.example",
                "--to", "success@simulator.amazonses.com", "--subject", "over TLS", "--text", "hello"));
        assertFalse(sent.path("MessageId").asText().isEmpty(), sent.toString());
    }

    @Test
    void boto3TrustsTheEndpointThroughAwsCaBundleAndNothingElse() throws Exception {
        String script = stack.root.resolve("e2e/src/test/python/https.py").toString();
        String out = stack.run(trustingTheLocalCa(), "python3", script);
        assertTrue(out.contains("boto3 over https: ok"), out);
    }

    @Test
    void theLaunchersEnvironmentNamesTheHttpsEndpointAndItsCa() throws Exception {
        String env = stack.sesame("env");
        assertTrue(env.contains("export SESAME_HTTPS_ENDPOINT=" + stack.httpsEndpoint()), env);
        assertTrue(env.contains("export AWS_CA_BUNDLE=" + stack.caBundle()), env);
        assertTrue(Files.readString(stack.caBundle()).startsWith("-----BEGIN CERTIFICATE-----"));
    }
}
