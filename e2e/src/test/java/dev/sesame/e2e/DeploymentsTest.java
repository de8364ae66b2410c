package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What keeps the deployment descriptions true without a Docker engine or a cluster: the compose file parses with
 * docker-compose, every Kubernetes manifest is a known kind whose every field the Kubernetes schema (the fabric8
 * model) knows, the kustomizations name files that exist, and every configuration key the launcher sets for a
 * service is set for it in the compose file and in the manifests alike.
 */
class DeploymentsTest {

    private static final Path ROOT = Path.of(System.getProperty("sesame.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> SERVICES = List.of("identity", "sending", "receipt", "events", "gateway");

    @Test
    void theComposeFileParses() throws Exception {
        String rendered = compose();
        assertTrue(rendered.contains("services:"), rendered);
    }

    /** docker-compose's own rendering of the file (anchors merged), with the example secrets. */
    private static String compose() throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("docker-compose", "--env-file", "infra/.env.example", "-f", "infra/docker-compose.yml", "config")
                    .directory(ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is needed to check infra/docker-compose.yml (Debian's docker-compose package; "
                    + ".ci/run installs it)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "docker-compose config:\n" + output);
        return output;
    }

    /** Every document of every manifest, typed by the fabric8 Kubernetes model. */
    private static Map<String, HasMetadata> manifests() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        Map<String, HasMetadata> all = new LinkedHashMap<>();
        try (var files = Files.list(ROOT.resolve("infra/k8s/base"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                        Object typed = serialization.unmarshal(YAML.writeValueAsString(document));
                        String where = file.getFileName() + " " + document.path("kind").asText() + "/" + document.at("/metadata/name").asText();
                        if (!(typed instanceof HasMetadata resource) || typed instanceof GenericKubernetesResource) {
                            fail(where + ": not a kind of the Kubernetes API (" + document.path("apiVersion").asText() + ")");
                            return all;
                        }
                        all.put(where, resource);
                    }
                }
            }
        }
        return all;
    }

    @Test
    void everyKubernetesManifestIsAKnownKindWithOnlyKnownFields() throws Exception {
        Map<String, HasMetadata> manifests = manifests();
        Set<String> kinds = new TreeSet<>();
        for (Map.Entry<String, HasMetadata> manifest : manifests.entrySet()) {
            List<String> unknown = new ArrayList<>();
            unknownFields(manifest.getValue(), "", unknown, new IdentityHashMap<>());
            assertTrue(unknown.isEmpty(), manifest.getKey() + " has fields the Kubernetes schema does not know: " + unknown);
            assertTrue(manifest.getValue().getMetadata().getName() != null, manifest.getKey() + " has no name");
            kinds.add(manifest.getValue().getKind());
            PodTemplateSpec pod = manifest.getValue() instanceof Deployment d ? d.getSpec().getTemplate()
                    : manifest.getValue() instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
            if (pod != null) {
                Map<String, String> selector = manifest.getValue() instanceof Deployment d ? d.getSpec().getSelector().getMatchLabels()
                        : ((StatefulSet) manifest.getValue()).getSpec().getSelector().getMatchLabels();
                assertTrue(pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
                        manifest.getKey() + ": the selector does not select the pod template");
                for (Container container : pod.getSpec().getContainers()) {
                    assertTrue(container.getReadinessProbe() != null && container.getLivenessProbe() != null,
                            manifest.getKey() + ": " + container.getName() + " needs readiness and liveness probes");
                    assertTrue(container.getResources() != null && container.getResources().getLimits() != null
                            && container.getResources().getRequests() != null, manifest.getKey() + ": resource requests and limits");
                }
            }
        }
        assertTrue(kinds.containsAll(List.of("Deployment", "Service", "StatefulSet", "ConfigMap", "Ingress", "HorizontalPodAutoscaler")),
                kinds.toString());
    }

    /** Fields the model did not map land in additionalProperties: each one is a field the schema does not have. */
    private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) throws Exception {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object field = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                unknownFields(field, path + "." + getter.getName().substring(3), unknown, seen);
            }
        }
    }

    @Test
    void kustomizationsNameFilesThatExistAndTheRealmCopyIsTheRealm() throws Exception {
        for (String dir : List.of("infra/k8s/base", "infra/k8s/overlays/development", "infra/k8s/overlays/production")) {
            JsonNode kustomization = YAML.readTree(ROOT.resolve(dir).resolve("kustomization.yaml").toFile());
            for (JsonNode resource : kustomization.path("resources")) {
                assertTrue(Files.exists(ROOT.resolve(dir).resolve(resource.asText())), dir + " names a missing resource " + resource.asText());
            }
            for (JsonNode generator : kustomization.path("configMapGenerator")) {
                for (JsonNode file : generator.path("files")) {
                    assertTrue(Files.exists(ROOT.resolve(dir).resolve(file.asText())), dir + " generates from a missing " + file.asText());
                }
            }
        }
        assertEquals(YAML.readTree(ROOT.resolve("infra/keycloak/sesame-realm.json").toFile()),
                YAML.readTree(ROOT.resolve("infra/k8s/base/sesame-realm.json").toFile()),
                "infra/k8s/base/sesame-realm.json must stay a copy of infra/keycloak/sesame-realm.json");
    }

    @Test
    void everyKeyTheLauncherSetsIsSetByTheComposeFileAndTheManifests() throws Exception {
        Map<String, Set<String>> launcher = launcherKeys();
        JsonNode compose = YAML.readTree(compose());
        Map<String, HasMetadata> manifests = manifests();
        for (String service : SERVICES) {
            Set<String> expected = launcher.get(service);
            assertTrue(expected.size() > 3, service + ": the launcher's keys were not found: " + expected);
            Set<String> inCompose = new TreeSet<>();
            compose.path("services").path(service).path("environment").fieldNames().forEachRemaining(inCompose::add);
            Set<String> inKubernetes = new TreeSet<>();
            for (HasMetadata resource : manifests.values()) {
                if (resource instanceof io.fabric8.kubernetes.api.model.ConfigMap map && map.getMetadata().getName().equals(service + "-config")) {
                    inKubernetes.addAll(map.getData().keySet());
                }
                if (resource instanceof Deployment deployment && deployment.getMetadata().getName().equals(service)) {
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> inKubernetes.add(e.getName()));
                }
            }
            Set<String> missingInCompose = new TreeSet<>(expected);
            missingInCompose.removeAll(inCompose);
            Set<String> missingInKubernetes = new TreeSet<>(expected);
            missingInKubernetes.removeAll(inKubernetes);
            assertTrue(missingInCompose.isEmpty(), service + ": infra/docker-compose.yml does not set " + missingInCompose);
            assertTrue(missingInKubernetes.isEmpty(), service + ": infra/k8s does not set " + missingInKubernetes);
        }
    }

    /**
     * The configuration keys {@code ./sesame} gives each service in every start (the ones it sets only when an
     * optional variable is set are left out), as environment variable names: {@code quarkus.http.port} is
     * {@code QUARKUS_HTTP_PORT}. Secrets passed in the environment count for the service whose prefix they carry,
     * or for every service when they carry none.
     */
    static Map<String, Set<String>> launcherKeys() throws IOException {
        String script = Files.readString(ROOT.resolve("sesame"));
        String body = script.substring(script.indexOf("start_service() {"), script.indexOf("\n}\n", script.indexOf("start_service() {")));
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        Set<String> common = new LinkedHashSet<>();
        String current = null;
        int optional = 0;
        for (String line : body.split("\n")) {
            Matcher label = Pattern.compile("^ {4}([a-z]+)\\*?\\)").matcher(line);
            if (label.find()) {
                current = label.group(1);
                keys.put(current, new LinkedHashSet<>());
            }
            if (line.contains("if [ -n ")) {
                optional++;
            }
            boolean conditional = line.contains("[ -n ") || optional > 0;
            Matcher key = Pattern.compile("-D([A-Za-z0-9.$-]+)=").matcher(line);
            while (key.find() && !conditional) {
                List<String> names = key.group(1).contains("$other") ? List.of("identity", "sending", "receipt", "events").stream()
                        .map(o -> key.group(1).replace("$other", o)).toList() : List.of(key.group(1));
                for (String name : names) {
                    (current == null ? common : keys.get(current)).add(env(name));
                }
            }
            if (line.trim().startsWith("fi")) {
                optional = Math.max(0, optional - 1);
            }
            Matcher secret = Pattern.compile("(SESAME_[A-Z_]+)=\\$").matcher(line);
            while (secret.find()) {
                String name = secret.group(1);
                String owner = SERVICES.stream().filter(s -> name.startsWith("SESAME_" + s.toUpperCase(Locale.ROOT) + "_")).findFirst().orElse(null);
                if (owner == null) {
                    common.add(name);
                } else {
                    keys.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(name);
                }
            }
        }
        for (String service : SERVICES) {
            keys.computeIfAbsent(service, s -> new LinkedHashSet<>()).addAll(common);
        }
        return keys;
    }

    private static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
