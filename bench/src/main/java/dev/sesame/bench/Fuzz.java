package dev.sesame.bench;

import dev.sesame.ses.protocol.Operation;
import dev.sesame.ses.protocol.ServiceModel;
import dev.sesame.ses.protocol.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile input, bounded and on loopback: requests built from the SES service model for every action (valid, then
 * mutated: a required member missing, wrong types, oversized values and lists, duplicated parameters, out-of-range
 * list indexes, non-UTF-8 and bad percent-encoding, CRLF and XML specials, wrong Content-Type, GET and POST, bodies
 * over the limit and abandoned ones, malformed base64 and MIME in SendRawEmail, bad signatures), the same against
 * the admin API, and malformed sessions against the inbound SMTP server.
 *
 * <p>Every answer is checked: no 5xx (but 501 NotImplemented for an action Sesame does not have), no stack
 * trace or Java class name, an SES error document with a known code for every SES error, the model's status for a
 * modeled error; between rounds, the tenant's state (read through the API) is unchanged when no write was accepted;
 * at the end every service is healthy. A Markdown report goes to {@code bench/results/}; the exit code is 1 when
 * anything was found.
 */
public final class Fuzz {

    private static final Pattern LEAK = Pattern.compile("(?:\\b(?:java|javax|jakarta|io\\.vertx|io\\.quarkus|io\\.netty|io\\.smallrye"
            + "|org\\.hibernate|org\\.jboss|org\\.apache|org\\.postgresql|com\\.fasterxml|dev\\.sesame)\\.[a-z]+\\.|[A-Za-z]Exception\\b|\\n\\s+at [\\w.$]+\\()");
    private static final Pattern ERROR_CODE = Pattern.compile("(?s)^(?:<\\?xml[^>]*>\\s*)?<ErrorResponse xmlns=\"[^\"]+\">\\s*<Error>\\s*<Type>(Sender|Receiver)</Type>\\s*"
            + "<Code>([A-Za-z.]+)</Code>\\s*<Message>.*</Message>\\s*</Error>\\s*<RequestId>[^<]+</RequestId>\\s*</ErrorResponse>\\s*$");
    /** The reference's common errors (its "Common Errors" section), which the model does not list per action. */
    private static final Map<String, Integer> COMMON = Map.ofEntries(Map.entry("AccessDeniedException", 400), Map.entry("IncompleteSignature", 400),
            Map.entry("InternalFailure", 500), Map.entry("InvalidAction", 400), Map.entry("InvalidClientTokenId", 403),
            Map.entry("InvalidParameterCombination", 400), Map.entry("InvalidParameterValue", 400), Map.entry("InvalidQueryParameter", 400),
            Map.entry("MalformedQueryString", 404), Map.entry("MissingAction", 400), Map.entry("MissingAuthenticationToken", 403),
            Map.entry("MissingParameter", 400), Map.entry("OptInRequired", 403), Map.entry("RequestExpired", 400),
            Map.entry("ServiceUnavailable", 503), Map.entry("Throttling", 400), Map.entry("ValidationError", 400),
            Map.entry("SignatureDoesNotMatch", 403), Map.entry("AccessDenied", 403), Map.entry("NotImplemented", 501),
            Map.entry("RequestEntityTooLarge", 413), Map.entry("InvalidParameter", 400),
            // What AWS's Query services answer to a Version they do not have (the reference lists no code for it).
            Map.entry("NoSuchVersion", 400));
    private static final String FUZZ_DOMAIN = "fuzz.example";
    private static final long BODY_LIMIT = 16L * 1024 * 1024;

    enum Kind {
        VALID, MISSING, WRONG_TYPE, OVERSIZED, DUPLICATE, INDEX, NON_UTF8, BAD_PERCENT, SPECIALS, CONTENT_TYPE, GET, UNKNOWN_ACTION,
        BAD_SIGNATURE, RAW_MIME, OVERSIZE_BODY, ABANDONED, ADMIN, SMTP
    }

    /** A request to send: its head and body, the action (for the report and the write check) and the kind of fault. */
    record Probe(Kind kind, String action, String head, byte[] body, boolean write) {
    }

    /** A defect found: what it is, and the first few requests that showed it. */
    private final Map<String, List<String>> defects = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> defectCounts = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicBoolean writeAccepted = new AtomicBoolean();

    private final ServiceModel model = ServiceModel.ses();
    private final List<Operation> operations = new ArrayList<>(model.operations().values());
    private final URI sesame;
    private final String hostHeader;
    private final SigV4Signer signer;
    private final SigV4Signer stranger;
    private final String adminToken;
    private final String account;
    private final int smtpPort;
    private final List<URI> health;

    private Fuzz(Map<String, String> options) {
        sesame = URI.create(options.get("sesame"));
        hostHeader = sesame.getHost() + ":" + sesame.getPort();
        signer = new SigV4Signer(options.get("key"), options.get("secret"), "us-east-1");
        stranger = new SigV4Signer("AKIAFUZZFUZZFUZZFUZZ", "not-the-secret-of-anyone-at-all-00000000", "us-east-1");
        adminToken = options.get("admin-token");
        account = options.get("account");
        smtpPort = Integer.parseInt(options.getOrDefault("smtp-port", "0"));
        health = options.containsKey("health") ? java.util.Arrays.stream(options.get("health").split(",")).map(URI::create).toList() : List.of();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("out", "bench/results", "requests", "100000", "workers", "8", "seed", "1"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Fuzz fuzz = new Fuzz(options);
        long started = System.nanoTime();
        String report = fuzz.run(Long.parseLong(options.get("requests")), Integer.parseInt(options.get("workers")),
                Long.parseLong(options.get("seed")), options.getOrDefault("command", "(direct)"), started);
        Reports.write(options.get("out"), "fuzz", report);
        System.exit(fuzz.defects.isEmpty() ? 0 : 1);
    }

    private String run(long total, int workers, long seed, String command, long started) throws Exception {
        prepare();
        List<String> baseline = snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long round = Math.max(workers, 800);
        long done = 0;
        int rounds = 0;
        int compared = 0;
        while (done < total) {
            long count = Math.min(round, total - done);
            // Every fourth round sends only what must be refused: then nothing may be accepted and nothing may change.
            boolean refusedOnly = rounds % 4 == 3;
            writeAccepted.set(false);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                long share = count / workers + (w < count % workers ? 1 : 0);
                Random random = new Random(seed * 1_000_003 + rounds * 131L + w);
                futures.add(pool.submit(() -> work(random, share, refusedOnly)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            done += count;
            rounds++;
            if (writeAccepted.get()) {
                baseline = settledSnapshot();
            } else {
                List<String> now = snapshot();
                compared++;
                if (!now.equals(baseline)) {
                    List<String> changed = new ArrayList<>();
                    for (int i = 0; i < now.size(); i++) {
                        if (!now.get(i).equals(baseline.get(i))) {
                            changed.add(SNAPSHOT_READS.get(i) + ": " + abbreviate(baseline.get(i), 300) + " -> " + abbreviate(now.get(i), 300));
                        }
                    }
                    defect("state changed in a round in which no write was accepted", String.join("; ", changed));
                    baseline = settledSnapshot();
                }
            }
        }
        pool.shutdown();
        long smtpSessions = smtpPort > 0 ? smtp(new Random(seed), 2_000) : 0;
        List<String> unhealthy = unhealthy();
        for (String u : unhealthy) {
            defect("a service is not healthy after the run", u);
        }
        return report(command, total, smtpSessions, rounds, compared, (System.nanoTime() - started) / 1e9, unhealthy);
    }

    // ---- state: the fuzz tenant's resources, read through the API ----

    private static final List<String> SNAPSHOT_READS = List.of("ListIdentities", "ListConfigurationSets", "ListReceiptRuleSets",
            "DescribeActiveReceiptRuleSet", "ListReceiptFilters", "GetSendQuota", "ListIdentityPolicies&Identity=" + FUZZ_DOMAIN,
            "GetIdentityVerificationAttributes&Identities.member.1=" + FUZZ_DOMAIN,
            "GetIdentityNotificationAttributes&Identities.member.1=" + FUZZ_DOMAIN, "GetIdentityDkimAttributes&Identities.member.1=" + FUZZ_DOMAIN,
            "GetIdentityMailFromDomainAttributes&Identities.member.1=" + FUZZ_DOMAIN, "DescribeReceiptRuleSet&RuleSetName=fuzz-rules",
            "DescribeConfigurationSet&ConfigurationSetName=fuzz-set&ConfigurationSetAttributeNames.member.1=eventDestinations");

    private List<String> snapshot() throws IOException {
        List<String> state = new ArrayList<>();
        try (RawHttp http = new RawHttp(sesame.getHost(), sesame.getPort())) {
            for (String read : SNAPSHOT_READS) {
                byte[] body = ("Action=" + read + "&Version=2010-12-01").getBytes(StandardCharsets.UTF_8);
                RawHttp.Answer answer = http.exchange(signedPost(signer, body, SigV4Signer.CONTENT_TYPE), body);
                // The tenant's request rate is spent by the round just sent: a throttled read says nothing about state.
                for (int tries = 0; tries < 40 && answer.body().contains("<Code>Throttling</Code>"); tries++) {
                    sleep(250);
                    answer = http.exchange(signedPost(signer, body, SigV4Signer.CONTENT_TYPE), body);
                }
                state.add(answer.status() + " " + answer.body().replaceAll("<RequestId>[^<]*</RequestId>", "")
                        .replaceAll("<SentLast24Hours>[^<]*</SentLast24Hours>", ""));
            }
        }
        return state;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the state");
        }
    }

    /** A snapshot that two reads half a second apart agree on (the projections have caught up). */
    private List<String> settledSnapshot() throws Exception {
        List<String> last = snapshot();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(500);
            List<String> now = snapshot();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Resources for the generated requests to find: a verified domain, a configuration set, a rule set with a rule. */
    private void prepare() throws Exception {
        try (RawHttp http = new RawHttp(sesame.getHost(), sesame.getPort())) {
            for (String call : List.of("Action=VerifyDomainIdentity&Domain=" + FUZZ_DOMAIN, "Action=CreateConfigurationSet&ConfigurationSet.Name=fuzz-set",
                    "Action=CreateReceiptRuleSet&RuleSetName=fuzz-rules",
                    "Action=CreateReceiptRule&RuleSetName=fuzz-rules&Rule.Name=fuzz-rule&Rule.Recipients.member.1=" + FUZZ_DOMAIN)) {
                byte[] body = (call + "&Version=2010-12-01").getBytes(StandardCharsets.UTF_8);
                http.exchange(signedPost(signer, body, SigV4Signer.CONTENT_TYPE), body);
            }
            if (account != null) { // so that valid sends from the fuzz domain get through to the simulator
                byte[] verified = ("{\"accountId\":\"" + account + "\",\"identity\":\"" + FUZZ_DOMAIN + "\"}").getBytes(StandardCharsets.UTF_8);
                http.exchange("POST /admin/verified-identities HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " + adminToken
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + verified.length, verified);
            }
        }
        Thread.sleep(1_000);
    }

    // ---- the SES endpoint ----

    private void work(Random random, long count, boolean refusedOnly) {
        try (RawHttp http = new RawHttp(sesame.getHost(), sesame.getPort())) {
            for (long i = 0; i < count; i++) {
                Probe probe = probe(random, refusedOnly);
                sent.computeIfAbsent(probe.kind(), k -> new AtomicLong()).incrementAndGet();
                String label = probe.kind() + " " + probe.action() + ": " + abbreviate(probe.head().split("\r\n")[0] + " "
                        + new String(probe.body(), 0, Math.min(probe.body().length, 400), StandardCharsets.ISO_8859_1), 500);
                try {
                    if (probe.kind() == Kind.ABANDONED) {
                        http.abandon(probe.head(), probe.body());
                        continue;
                    }
                    RawHttp.Answer answer = http.exchange(probe.head(), probe.body());
                    check(probe, answer, label);
                    if (refusedOnly && answer.status() / 100 == 2) {
                        defect("a request that must be refused was accepted", label + " -> " + abbreviate(answer.body(), 300));
                    }
                } catch (IOException e) {
                    if (probe.kind() != Kind.OVERSIZE_BODY) { // the server may hang up on a body over its limit
                        defect("no answer (connection failed)", label + " -> " + e.getMessage());
                    }
                    http.close();
                }
            }
        }
    }

    private void check(Probe probe, RawHttp.Answer answer, String label) {
        statuses.computeIfAbsent(answer.status(), k -> new AtomicLong()).incrementAndGet();
        String body = answer.body();
        if (answer.status() / 100 == 2 && probe.write()) {
            writeAccepted.set(true);
        }
        boolean notImplemented = answer.status() == 501 && body.contains("<Code>NotImplemented</Code>")
                && model.operation(probe.action()).map(op -> !op.inSpec()).orElse(false);
        // The admin API's documented 503: a Bearer token that is not the operator's while Keycloak is off (up --no-keycloak).
        boolean keycloakOff = answer.status() == 503 && probe.kind() == Kind.ADMIN && body.contains("Keycloak is off");
        if (answer.status() >= 500 && !notImplemented && !keycloakOff) {
            defect("status " + answer.status(), label + " -> " + abbreviate(body, 400));
        }
        // SES's own codes may end in Exception (AccountSendingPausedException): the error code is checked below, not here.
        Matcher leak = LEAK.matcher(body.replaceFirst("<Code>[A-Za-z.]+</Code>", "<Code/>"));
        if (leak.find()) {
            defect("a Java name or stack trace in the answer", label + " -> '" + leak.group() + "' in " + abbreviate(body, 400));
        }
        if (probe.kind() == Kind.ADMIN) {
            if (answer.status() == 0) {
                defect("admin API: no status", label);
            }
            return;
        }
        if (answer.status() >= 400) {
            Matcher error = ERROR_CODE.matcher(body);
            if (!error.matches()) {
                defect("an SES error that is not SES's error document", label + " -> " + answer.status() + " " + abbreviate(body, 300));
                return;
            }
            String code = error.group(2);
            Integer expected = model.error(code).map(ServiceModel.ErrorShape::httpStatus).orElse(COMMON.get(code));
            if (expected == null) {
                defect("an error code neither the model nor the reference's common errors name: " + code, label);
            } else if (expected != answer.status()) {
                defect(code + " answered with " + answer.status() + " (the model or reference says " + expected + ")", label);
            }
            boolean sender = error.group(1).equals("Sender");
            if (sender != answer.status() < 500) {
                defect("error Type " + error.group(1) + " with status " + answer.status(), label);
            }
        }
    }

    private Probe probe(Random random, boolean refusedOnly) {
        Kind kind = refusedOnly ? pick(random, MUST_BE_REFUSED) : pickKind(random);
        if (kind == Kind.ADMIN) {
            return admin(random);
        }
        Operation op = kind == Kind.RAW_MIME ? model.operation("SendRawEmail").orElseThrow() : operations.get(random.nextInt(operations.size()));
        boolean write = !op.name().matches("(Get|List|Describe).*");
        List<String[]> params = new ArrayList<>();
        params.add(new String[] {"Action", op.name()});
        params.add(new String[] {"Version", "2010-12-01"});
        if (op.input() != null) {
            structure(random, model.shape(op.input()), "", params, 0);
        }
        String contentType = SigV4Signer.CONTENT_TYPE;
        SigV4Signer by = signer;
        switch (kind) {
            case MISSING -> {
                List<String> required = op.input() == null ? List.of() : new ArrayList<>(model.shape(op.input()).required());
                String drop = required.isEmpty() ? "Version" : required.get(random.nextInt(required.size()));
                params.removeIf(p -> p[0].equals(drop) || p[0].startsWith(drop + "."));
            }
            case WRONG_TYPE -> replaceValue(random, params, pick(random, "notanumber", "maybe", "yesterday", "1e99999", "-0x1", "", "NaN",
                    "99999999999999999999999", "true false", "[object Object]"));
            case OVERSIZED -> {
                if (random.nextBoolean()) {
                    replaceValue(random, params, "x".repeat(pickInt(random, 256, 1_025, 10_241, 70_000)));
                } else {
                    String prefix = pick(random, "Destination.ToAddresses", "Identities", "Tags", "Rule.Recipients", "ConfigurationSetAttributeNames",
                            "Filter.IpFilter.Cidr", "RuleNames", "BouncedRecipientInfoList");
                    int n = pickInt(random, 51, 101, 1_001, 5_000);
                    for (int i = 1; i <= n; i++) {
                        params.add(new String[] {prefix + ".member." + i, "r" + i + "@" + FUZZ_DOMAIN});
                    }
                }
            }
            case DUPLICATE -> {
                String[] twin = params.get(random.nextInt(params.size()));
                params.add(random.nextInt(params.size()), new String[] {twin[0], random.nextBoolean() ? twin[1] : "other"});
            }
            case INDEX -> {
                String index = pick(random, "0", "-1", "99999999", "1a", "", "01", "2147483648", "1.5", " 1");
                boolean touched = false;
                for (String[] p : params) {
                    if (p[0].contains(".member.1")) {
                        p[0] = p[0].replaceFirst("\\.member\\.1", ".member." + encode(index));
                        touched = true;
                        break;
                    }
                }
                if (!touched) {
                    params.add(new String[] {pick(random, "Identities", "Destination.ToAddresses", "RuleNames") + ".member." + encode(index), FUZZ_DOMAIN});
                }
            }
            case NON_UTF8 -> replaceRaw(random, params, pick(random, "%FF%FE", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%C0%AF", "a%80b"));
            case BAD_PERCENT -> replaceRaw(random, params, pick(random, "%G1", "%", "%2", "abc%zz", "%%41", "%u0041"));
            case SPECIALS -> replaceValue(random, params, pick(random, "a\r\nX-Injected: yes", "</Message></Error><Code>Fake</Code>",
                    "<![CDATA[x]]>", "&amp;&lt;&#0;", "\u0000nul", "\u202Eevil", "${jndi:ldap://127.0.0.1:9/x}", "' OR 1=1 --", "\uD83D\uDE00 emoji",
                    "%s%n%x", "..\\..\\etc\\passwd", "\r\n\r\n"));
            case CONTENT_TYPE -> contentType = pick(random, "application/json", "text/plain", "multipart/form-data; boundary=x", "",
                    "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/xml", "application/x-www-form-urlencoded;;;");
            case UNKNOWN_ACTION -> params.get(0)[1] = pick(random, "Nope", "", "sendEmail", "SendEmail ", "../SendEmail", "SendEmail%00",
                    "x".repeat(300), "Send.Email");
            case BAD_SIGNATURE -> by = random.nextBoolean() ? stranger : null;
            case RAW_MIME -> {
                params.removeIf(p -> p[0].startsWith("RawMessage."));
                params.add(new String[] {"RawMessage.Data", pick(random, "!!!not-base64!!!", "abc", "====", "QQ", "",
                        Base64.getEncoder().encodeToString(pick(random, "no headers at all", "From fuzz@fuzz.example\r\n\r\nno colon",
                                "From: <fuzz@fuzz.example>\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nbroken",
                                "From: fuzz@fuzz.example\r\nSubject: " + "x".repeat(20_000) + "\r\n\r\nlong header",
                                "From: fuzz@fuzz.example\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@@",
                                "\u0000\u0001\u0002binary\r\n\r\n\u00ff", "From: =?utf-8?B?!!!?= <fuzz@fuzz.example>\r\n\r\nbad encoded word",
                                "To: \"unterminated <a@b\r\nFrom: fuzz@fuzz.example\r\n\r\nx").getBytes(StandardCharsets.ISO_8859_1)))});
            }
            default -> {
            }
        }
        StringBuilder form = new StringBuilder();
        for (String[] p : params) {
            form.append(form.length() == 0 ? "" : "&").append(p[0].contains("%") ? p[0] : encode(p[0])).append('=').append(p[1]);
        }
        byte[] body = form.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (kind == Kind.GET) {
            String query = canonicalQuery(params);
            return new Probe(kind, op.name(), signedGet(query), new byte[0], write);
        }
        if (kind == Kind.OVERSIZE_BODY) {
            byte[] big = new byte[(int) BODY_LIMIT + 1024];
            java.util.Arrays.fill(big, (byte) 'a');
            System.arraycopy(body, 0, big, 0, Math.min(body.length, big.length));
            big[Math.min(body.length, big.length - 1)] = '&';
            return new Probe(kind, op.name(), signedPost(signer, big, contentType), big, write);
        }
        if (kind == Kind.ABANDONED) {
            return new Probe(kind, op.name(), "POST / HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: 1000000", body, write);
        }
        return new Probe(kind, op.name(), by == null ? unsignedPost(body.length, contentType) : signedPost(by, body, contentType), body, write);
    }

    /** Faults no valid request has: a required member missing, a broken escape, no such action, a bad signature, too big. */
    private static final Kind[] MUST_BE_REFUSED = {Kind.MISSING, Kind.BAD_PERCENT, Kind.UNKNOWN_ACTION, Kind.BAD_SIGNATURE};

    private static Kind pickKind(Random random) {
        int r = random.nextInt(10_000);
        if (r < 2) {
            return Kind.OVERSIZE_BODY;
        }
        if (r < 40) {
            return Kind.ABANDONED;
        }
        Kind[] common = {Kind.VALID, Kind.MISSING, Kind.WRONG_TYPE, Kind.OVERSIZED, Kind.DUPLICATE, Kind.INDEX, Kind.NON_UTF8, Kind.BAD_PERCENT,
            Kind.SPECIALS, Kind.CONTENT_TYPE, Kind.GET, Kind.UNKNOWN_ACTION, Kind.BAD_SIGNATURE, Kind.RAW_MIME, Kind.ADMIN};
        return common[random.nextInt(common.length)];
    }

    /** Fills the members of a structure with values its shapes accept; optional members half the time. */
    private void structure(Random random, Shape shape, String prefix, List<String[]> params, int depth) {
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            if (!shape.required().contains(member.getKey()) && (depth > 2 || random.nextInt(3) == 0)) {
                continue;
            }
            value(random, member.getKey(), model.shape(member.getValue()), prefix + member.getKey(), params, depth + 1);
        }
    }

    private void value(Random random, String name, Shape shape, String path, List<String[]> params, int depth) {
        switch (shape.type()) {
            case STRUCTURE -> structure(random, shape, path + ".", params, depth);
            case LIST -> {
                int n = 1 + random.nextInt(2);
                for (int i = 1; i <= n; i++) {
                    value(random, name, model.shape(shape.member()), path + ".member." + i, params, depth);
                }
            }
            case MAP -> {
                params.add(new String[] {path + ".entry.1.key", "k"});
                value(random, name, model.shape(shape.value()), path + ".entry.1.value", params, depth);
            }
            case INTEGER, LONG -> params.add(new String[] {path, String.valueOf(shape.min() != null ? shape.min() : 1)});
            case DOUBLE -> params.add(new String[] {path, "1.0"});
            case BOOLEAN -> params.add(new String[] {path, random.nextBoolean() ? "true" : "false"});
            case TIMESTAMP -> params.add(new String[] {path, "2026-12-01T00:00:00Z"});
            case BLOB -> params.add(new String[] {path, encode(Base64.getEncoder().encodeToString(("From: fuzz@" + FUZZ_DOMAIN
                    + "\r\nTo: success@simulator.amazonses.com\r\nSubject: fuzz\r\n\r\nfuzz\r\n").getBytes(StandardCharsets.UTF_8)))});
            default -> params.add(new String[] {path, encode(string(random, name, shape))});
        }
    }

    private static String string(Random random, String name, Shape shape) {
        if (!shape.enumValues().isEmpty()) {
            return shape.enumValues().get(random.nextInt(shape.enumValues().size()));
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String value;
        if (lower.contains("arn")) {
            value = "arn:aws:sns:us-east-1:123456789012:fuzz";
        } else if (lower.matches(".*(addresses|address|recipient|source|email|from|sender).*")) {
            value = pick(random, "success@simulator.amazonses.com", "fuzz@" + FUZZ_DOMAIN, "bounce@simulator.amazonses.com");
        } else if (lower.contains("identit") || lower.contains("domain")) {
            value = pick(random, FUZZ_DOMAIN, "fuzz@" + FUZZ_DOMAIN, "mail." + FUZZ_DOMAIN);
        } else if (lower.contains("configurationset")) {
            value = "fuzz-set";
        } else if (lower.contains("rulesetname")) {
            value = pick(random, "fuzz-rules", "fuzz-other");
        } else if (lower.equals("policy")) {
            value = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        } else if (lower.contains("cidr")) {
            value = "10.0.0.0/24";
        } else {
            value = "fuzz" + random.nextInt(1000);
        }
        if (shape.max() != null && value.length() > shape.max()) {
            value = value.substring(0, shape.max().intValue());
        }
        return value;
    }

    private static void replaceValue(Random random, List<String[]> params, String raw) {
        replaceRaw(random, params, encode(raw));
    }

    private static void replaceRaw(Random random, List<String[]> params, String encoded) {
        int at = params.size() > 2 ? 2 + random.nextInt(params.size() - 2) : random.nextInt(params.size());
        params.get(at)[1] = encoded;
    }

    // ---- the admin API ----

    private Probe admin(Random random) {
        String account = pick(random, "000000000000", "999999999999", "not-an-account", "%2e%2e", "1".repeat(300), "%00", "'");
        String[] route = pick(random,
                new String[] {"POST", "/admin/tenants"}, new String[] {"GET", "/admin/tenants/" + account},
                new String[] {"PATCH", "/admin/tenants/" + account}, new String[] {"POST", "/admin/tenants/" + account + "/suspend"},
                new String[] {"POST", "/admin/tenants/" + account + "/keys"}, new String[] {"GET", "/admin/tenants/" + account + "/keys"},
                new String[] {"POST", "/admin/tenants/" + account + "/keys/AKIANOPE/deactivate"},
                new String[] {"DELETE", "/admin/tenants/" + account + "/keys/AKIANOPE"},
                new String[] {"GET", "/admin/tenants/" + account + "/metrics?metric=" + pick(random, "Send", "%ZZ", "", "x".repeat(2000))
                        + "&start=" + pick(random, "yesterday", "2026-13-45T00:00:00Z", "-1")},
                new String[] {"POST", "/admin/verified-identities"}, new String[] {"POST", "/admin/dns-checks"},
                new String[] {"POST", "/admin/" + pick(random, "subscriptions", "functions", "buckets", "workmail-organizations", "delivery-streams", "nope")},
                new String[] {"GET", "/admin/" + pick(random, "subscriptions", "functions", "buckets", "delivery-streams", "nope") + "?topicArn="
                        + pick(random, "", "%ZZ", "arn:aws:sns:x", "x".repeat(5000)) + "&accountId=" + account},
                new String[] {pick(random, "PUT", "DELETE", "OPTIONS", "TRACE", "FOO"), "/admin/tenants"},
                new String[] {"GET", "/admin/metrics/prometheus"});
        String json = pick(random, "", "{", "null", "[]", "\"x\"", "{\"name\":5}", "{\"name\":\"" + "x".repeat(70_000) + "\"}",
                "{\"max24HourSend\":\"lots\"}", "{\"maxSendRate\":-5}", "{\"sandbox\":\"yes\"}", "{\"name\":null,\"region\":\"mars-1\"}",
                "{\"accountId\":\"999999999999\",\"identity\":\"\"}", "{\"topicArn\":\"nope\",\"protocol\":\"gopher\",\"endpoint\":\"gopher://x\"}",
                "{\"functionArn\":5,\"endpoint\":[]}", "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}", "\u0000\u00ff",
                "{\"name\":\"\\ud800\"}", "{\"type\":\"s3\",\"url\":\"file:///etc/passwd\"}");
        String contentType = pick(random, "application/json", "text/plain", "application/x-www-form-urlencoded", "");
        String authorization = pick(random, "Bearer " + adminToken, "Bearer " + adminToken, "Bearer forged", "Basic eDp5", "");
        byte[] body = json.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder head = new StringBuilder(route[0]).append(' ').append(route[1]).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nContent-Length: ").append(body.length);
        if (!contentType.isEmpty()) {
            head.append("\r\nContent-Type: ").append(contentType);
        }
        if (!authorization.isEmpty()) {
            head.append("\r\nAuthorization: ").append(authorization);
        }
        return new Probe(Kind.ADMIN, route[0] + " " + route[1].replaceAll("\\?.*", ""), head.toString(), body, !route[0].equals("GET"));
    }

    // ---- the inbound SMTP server ----

    private long smtp(Random random, int sessions) {
        long count = 0;
        for (int s = 0; s < sessions; s++) {
            sent.computeIfAbsent(Kind.SMTP, k -> new AtomicLong()).incrementAndGet();
            List<String> script = pick(random,
                    List.of("EHLO fuzz", "MAIL FROM:<bad", "RCPT TO:<>", "DATA", "QUIT"),
                    List.of("HELO", "RCPT TO:<a@" + FUZZ_DOMAIN + ">", "DATA", "QUIT"),
                    List.of("EHLO " + "x".repeat(100_000), "QUIT"),
                    List.of("EHLO fuzz", "MAIL FROM:<" + "a".repeat(5_000) + "@x>", "QUIT"),
                    List.of("\u0000\u0001\u00ff\u00fe", "QUIT"),
                    List.of("EHLO fuzz", "AUTH PLAIN !!!", "AUTH LOGIN", "*", "QUIT"),
                    List.of("EHLO fuzz", "BDAT 10 LAST", "0123456789", "QUIT"),
                    List.of("EHLO fuzz", "MAIL FROM:<f@x> SIZE=99999999999999999999", "QUIT"),
                    List.of("EHLO fuzz", "MAIL FROM:<f@x>", "RCPT TO:<r@" + FUZZ_DOMAIN + ">", "DATA", "HALF:Subject: x\r\n\r\nhalf a message"),
                    List.of("EHLO fuzz", "MAIL FROM:<f@x>", "RCPT TO:<r@" + FUZZ_DOMAIN + ">", "DATA", "From: f@x\r\nSubject: " + "y".repeat(200_000), "QUIT"),
                    List.of("EHLO fuzz", "MAIL FROM:<f@x>", "RCPT TO:<r@" + FUZZ_DOMAIN + ">", "DATA", "\u0000\u00ff\r\n..\r\n.x\r\nBcc: \r\n", "QUIT"),
                    List.of("EHLO fuzz", "STARTTLS", "this is not a TLS hello"),
                    List.of("EHLO fuzz", "MAIL FROM:<f@x>", "MAIL FROM:<f@x>", "RSET", "RCPT TO:<r@" + FUZZ_DOMAIN + ">", "VRFY root", "EXPN all",
                            "HELP", "NOOP", "TURN", "QUIT"),
                    List.of("EHLO fuzz", "MAIL FROM:<f@x>", "RCPT TO:<\"\\\r\n\"@" + FUZZ_DOMAIN + ">", "QUIT"),
                    List.of("GET / HTTP/1.1", "Host: x", ""));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", smtpPort), 5_000);
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                String greeting = smtpReply(in);
                if (greeting == null || !greeting.startsWith("220")) {
                    defect("SMTP: no 220 greeting", String.valueOf(greeting));
                    continue;
                }
                boolean early = random.nextInt(4) == 0;
                int stopAt = early ? random.nextInt(script.size()) : script.size();
                for (int i = 0; i < stopAt; i++) {
                    String command = script.get(i);
                    out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    String reply = smtpReply(in);
                    if (reply == null) {
                        break; // the server hung up, which it may do on garbage
                    }
                    checkSmtp(command, reply);
                    if (command.equals("STARTTLS") && reply.startsWith("220")) {
                        break; // what follows is TLS: the server answers garbage with a TLS alert, not SMTP
                    }
                    if (command.equals("DATA") && reply.startsWith("354") && i + 1 < script.size()) {
                        String content = script.get(++i);
                        boolean half = content.startsWith("HALF:");
                        out.write((half ? content.substring(5) : content + "\r\n.\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (half) {
                            break; // hang up in the middle of a message
                        }
                        String end = smtpReply(in);
                        if (end == null) {
                            break;
                        }
                        checkSmtp("(message)", end);
                    }
                }
                count++;
            } catch (IOException e) {
                // a hang-up on garbage is an answer; the health check afterwards tells whether the server survived
                count++;
            }
        }
        // A well-formed session still works.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", smtpPort), 5_000);
            socket.setSoTimeout(10_000);
            String greeting = smtpReply(socket.getInputStream());
            socket.getOutputStream().write("EHLO after-fuzz\r\n".getBytes(StandardCharsets.US_ASCII));
            String ehlo = smtpReply(socket.getInputStream());
            if (greeting == null || !greeting.startsWith("220") || ehlo == null || !ehlo.startsWith("250")) {
                defect("SMTP: a good session fails after the fuzz", greeting + " / " + ehlo);
            }
        } catch (IOException e) {
            defect("SMTP: the server does not answer after the fuzz", e.getMessage());
        }
        return count;
    }

    private void checkSmtp(String command, String reply) {
        String what = command.substring(0, Math.min(60, command.length()));
        if (!reply.matches("(?s)([2-5]\\d\\d[ -][^\r\n]*\r?\n)+")) {
            defect("SMTP: a reply that is not SMTP", what + " -> " + abbreviate(reply, 200));
        }
        Matcher leak = LEAK.matcher(reply);
        if (leak.find()) {
            defect("SMTP: a Java name in a reply", what + " -> " + abbreviate(reply, 200));
        }
    }

    /** One SMTP reply, all its lines; null when the server hung up. */
    private static String smtpReply(InputStream in) throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.append((char) b);
            }
            if (b == -1 && line.length() == 0) {
                return reply.length() == 0 ? null : reply.toString();
            }
            reply.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    // ---- health and report ----

    private List<String> unhealthy() throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        List<String> bad = new ArrayList<>();
        for (URI uri : health) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    bad.add(uri + " answered " + response.statusCode() + " " + abbreviate(response.body(), 300));
                }
            } catch (IOException e) {
                bad.add(uri + " does not answer: " + e.getMessage());
            }
        }
        return bad;
    }

    private void defect(String what, String example) {
        defectCounts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        List<String> examples = defects.computeIfAbsent(what, k -> Collections.synchronizedList(new ArrayList<>()));
        if (examples.size() < 3) {
            examples.add(example);
        }
    }

    private String report(String command, long total, long smtpSessions, int rounds, int compared, double seconds, List<String> unhealthy) {
        StringBuilder md = new StringBuilder();
        md.append("# Fuzz run, ").append(Instant.now()).append("\n\nCommand: `").append(command).append("`\n\nMachine: ")
                .append(String.join("; ", ProcessStats.machine())).append("\n\n");
        md.append(String.format(java.util.Locale.ROOT, "%,d HTTP requests (SES endpoint and admin API) in %.0f s, %,d SMTP sessions; "
                + "state compared after %d of %d rounds (every fourth round only what must be refused; the others when no write was accepted).%n%n", total, seconds, smtpSessions, compared, rounds));
        md.append("| kind | sent |\n|---|---|\n");
        new TreeMap<>(sent).forEach((kind, n) -> md.append("| ").append(kind).append(" | ").append(n.get()).append(" |\n"));
        md.append("\n| status | answers |\n|---|---|\n");
        new TreeMap<>(statuses).forEach((status, n) -> md.append("| ").append(status).append(" | ").append(n.get()).append(" |\n"));
        md.append("\nServices healthy afterwards: ").append(unhealthy.isEmpty() ? "all " + health.size() : "no").append("\n\n");
        if (defects.isEmpty()) {
            md.append("Defects: **none** (no 5xx but the documented 501 NotImplemented, no Java names, every error SES's document with "
                    + "its documented status, no state change without an accepted write).\n");
        } else {
            md.append("## Defects\n\n");
            new TreeMap<>(defects).forEach((what, examples) -> {
                md.append("- **").append(what).append("** (").append(defectCounts.get(what).get()).append(")\n");
                examples.forEach(e -> md.append("  - `").append(e.replace('`', '\'').replace("\r", "\\r").replace("\n", "\\n")).append("`\n"));
            });
        }
        return md.toString();
    }

    // ---- requests ----

    private String signedPost(SigV4Signer by, byte[] body, String contentType) {
        SigV4Signer.Signed signed = by.sign(hostHeader, contentType, body, Instant.now());
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: ").append(hostHeader);
        if (!contentType.isEmpty()) {
            head.append("\r\nContent-Type: ").append(contentType);
        }
        return head.append("\r\nX-Amz-Date: ").append(signed.amzDate()).append("\r\nAuthorization: ").append(signed.authorization())
                .append("\r\nContent-Length: ").append(body.length).toString();
    }

    private String unsignedPost(int length, String contentType) {
        return "POST / HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length;
    }

    private String signedGet(String query) {
        SigV4Signer.Signed signed = signer.signGet(hostHeader, query, Instant.now());
        return "GET /?" + query + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nX-Amz-Date: " + signed.amzDate() + "\r\nAuthorization: "
                + signed.authorization();
    }

    /** The parameters sorted by name, as SigV4's canonical query string has them (already encoded). */
    private static String canonicalQuery(List<String[]> params) {
        List<String[]> sorted = new ArrayList<>();
        for (String[] p : params) {
            sorted.add(new String[] {p[0].contains("%") ? p[0] : encode(p[0]), p[1]});
        }
        sorted.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder query = new StringBuilder();
        for (String[] p : sorted) {
            query.append(query.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        return query.toString();
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + ")";
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static int pickInt(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
