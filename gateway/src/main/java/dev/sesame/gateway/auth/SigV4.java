package dev.sesame.gateway.auth;

import dev.sesame.ses.protocol.FormDecoder;
import dev.sesame.ses.protocol.QueryWriter;
import dev.sesame.ses.protocol.SesException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, verified exactly: in the {@code Authorization} header or a presigned query string.
 *
 * <p>{@link #parse} checks the request's shape and clock window and builds the string to sign; once the
 * caller has found the access key's secret, {@link Claim#matches} recomputes the signature and compares in
 * constant time. The split keeps the secret lookup (a database read) out of this pure code.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final Duration CLOCK_WINDOW = Duration.ofMinutes(15);
    private static final long MAX_PRESIGNED_EXPIRY_SECONDS = 604_800;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private final Set<String> services;
    private final boolean normalizePath;

    /**
     * @param services the service names a credential scope may name ({@code ses}, and {@code email} as SES's endpoint prefix)
     * @param normalizePath whether {@code .}/{@code ..} segments and repeated slashes are removed (true for every service but S3)
     */
    public SigV4(Set<String> services, boolean normalizePath) {
        this.services = Set.copyOf(services);
        this.normalizePath = normalizePath;
    }

    /** A request as it arrived: the raw path and query (not decoded), every header line, the body. */
    public record Request(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    /** What a request claims: who signed it, for which region, and the string whose signature it carries. */
    public record Claim(String accessKeyId, String date, String region, String service, String stringToSign,
                        String signature, String canonicalRequest) {

        /** Recomputes the signature with {@code secret} and compares it in constant time. */
        public boolean matches(String secret) {
            byte[] expected = SigV4.signatureOf(secret, date, region, service, stringToSign).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        }

        public SesException mismatch() {
            return new SesException("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
        }
    }

    /**
     * The {@code Authorization} header that signs this request (every header it carries, {@code host} and
     * {@code x-amz-date} among them) with an access key, as an SDK would: the gateway's own warm-up requests.
     */
    public String authorization(Request request, String accessKeyId, String secret, String region, String service) {
        Map<String, String> headers = headers(request.headers());
        String amzDate = headers.get("x-amz-date");
        List<String> signedHeaders = headers.keySet().stream().sorted().toList();
        String canonicalRequest = canonicalRequest(request, rawQueryParams(request.rawQuery()), headers, signedHeaders,
                sha256Hex(request.body()));
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + String.join(";", signedHeaders)
                + ", Signature=" + signatureOf(secret, date, region, service, stringToSign);
    }

    /** The X-Amz-Date form of an instant. */
    public static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    private static String signatureOf(String secret, String date, String region, String service, String stringToSign) {
        return HexFormat.of().formatHex(hmac(signingKey(secret, date, region, service), stringToSign));
    }

    /**
     * The signing key of a secret for one day, region and service: four HMACs, the same for every request of that
     * scope, so they are made once (a few keys per tenant a day; the map is emptied when it grows past its bound).
     */
    private static byte[] signingKey(String secret, String date, String region, String service) {
        String scope = date + '/' + region + '/' + service + '\n' + secret;
        byte[] cached = SIGNING_KEYS.get(scope);
        if (cached != null) {
            return cached;
        }
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        if (SIGNING_KEYS.size() >= MAX_SIGNING_KEYS) {
            SIGNING_KEYS.clear();
        }
        SIGNING_KEYS.put(scope, key);
        return key;
    }

    private static final int MAX_SIGNING_KEYS = 10_000;
    private static final Map<String, byte[]> SIGNING_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Parses and checks the signed parts of a request; throws the SES authentication error a client would get. */
    public Claim parse(Request request, Instant now) {
        Map<String, String> headers = headers(request.headers());
        List<Map.Entry<String, String>> rawQuery = rawQueryParams(request.rawQuery());
        Map<String, String> query = lookup(rawQuery);
        String authorization = headers.get("authorization");
        if (authorization != null) {
            return fromHeader(request, headers, rawQuery, authorization, now);
        }
        if (query.containsKey("X-Amz-Signature") || query.containsKey("X-Amz-Credential") || query.containsKey("X-Amz-Algorithm")) {
            return fromQuery(request, headers, rawQuery, query, now);
        }
        throw new SesException("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    }

    private Claim fromHeader(Request request, Map<String, String> headers, List<Map.Entry<String, String>> query,
                             String authorization, Instant now) {
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header requires the " + ALGORITHM + " algorithm.");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!parts.containsKey(required)) {
                throw incomplete("Authorization header requires '" + required + "' parameter. Authorization=" + ALGORITHM + " …");
            }
        }
        String amzDate = headers.containsKey("x-amz-date") ? headers.get("x-amz-date") : headers.get("date");
        if (amzDate == null) {
            throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Instant signedAt = amzDate(amzDate);
        if (Duration.between(signedAt, now).abs().compareTo(CLOCK_WINDOW) > 0) {
            throw expired("Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(now.minus(CLOCK_WINDOW))
                    + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        // Always the body's own hash: a signed x-amz-content-sha256 that lies about the body then fails to match.
        String payloadHash = sha256Hex(request.body());
        List<String> signedHeaders = signedHeaders(parts.get("SignedHeaders"), headers);
        String canonicalRequest = canonicalRequest(request, query, headers, signedHeaders, payloadHash);
        return claim(parts.get("Credential"), amzDate, canonicalRequest, parts.get("Signature"));
    }

    private Claim fromQuery(Request request, Map<String, String> headers, List<Map.Entry<String, String>> rawQuery,
                            Map<String, String> query, Instant now) {
        for (String required : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature")) {
            if (!query.containsKey(required)) {
                throw incomplete("AWS query-string parameters must include '" + required + "'. Re-examine the query-string parameters.");
            }
        }
        if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw incomplete("X-Amz-Algorithm only supports " + ALGORITHM);
        }
        String amzDate = query.get("X-Amz-Date");
        Instant signedAt = amzDate(amzDate);
        long expires;
        try {
            expires = query.containsKey("X-Amz-Expires") ? Long.parseLong(query.get("X-Amz-Expires")) : CLOCK_WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            throw incomplete("X-Amz-Expires must be a number of seconds.");
        }
        if (expires < 0 || expires > MAX_PRESIGNED_EXPIRY_SECONDS) {
            throw incomplete("X-Amz-Expires must be between 0 and " + MAX_PRESIGNED_EXPIRY_SECONDS + " seconds.");
        }
        if (signedAt.isAfter(now.plus(CLOCK_WINDOW))) {
            throw expired("Request is not yet valid: it was signed for " + amzDate + ".");
        }
        if (now.isAfter(signedAt.plusSeconds(expires))) {
            throw expired("Request has expired.");
        }
        List<Map.Entry<String, String>> signedQuery = rawQuery.stream()
                .filter(pair -> !decode(pair.getKey()).equals("X-Amz-Signature")).toList();
        List<String> signedHeaders = signedHeaders(query.get("X-Amz-SignedHeaders"), headers);
        String payloadHash = sha256Hex(request.body());
        String canonicalRequest = canonicalRequest(request, signedQuery, headers, signedHeaders, payloadHash);
        return claim(query.get("X-Amz-Credential"), amzDate, canonicalRequest, query.get("X-Amz-Signature"));
    }

    private Claim claim(String credential, String amzDate, String canonicalRequest, String signature) {
        String[] scope = credential.split("/");
        if (scope.length != 5 || scope[0].isEmpty() || !"aws4_request".equals(scope[4])) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                    + credential + "'");
        }
        if (!amzDate.startsWith(scope[1])) {
            throw new SesException("SignatureDoesNotMatch", 403,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + scope[1] + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length())) + "'");
        }
        if (!services.contains(scope[3])) {
            throw new SesException("SignatureDoesNotMatch", 403,
                    "Credential should be scoped to correct service: '" + services.iterator().next() + "'.");
        }
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return new Claim(scope[0], scope[1], scope[2], scope[3], stringToSign, signature, canonicalRequest);
    }

    String canonicalRequest(Request request, List<Map.Entry<String, String>> query, Map<String, String> headers,
                            List<String> signedHeaders, String payloadHash) {
        StringBuilder canonical = new StringBuilder(256);
        canonical.append(request.method().toUpperCase(Locale.ROOT)).append('\n');
        canonical.append(canonicalPath(request.rawPath())).append('\n');
        canonical.append(canonicalQuery(query)).append('\n');
        for (String name : signedHeaders) {
            canonical.append(name).append(':').append(headers.get(name)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return canonical.toString();
    }

    private String canonicalPath(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (normalizePath) {
            Deque<String> segments = new ArrayDeque<>();
            for (String segment : path.split("/")) {
                if (segment.isEmpty() || segment.equals(".")) {
                    continue;
                }
                if (segment.equals("..")) {
                    segments.pollLast();
                } else {
                    segments.addLast(segment);
                }
            }
            boolean trailingSlash = path.endsWith("/") && !segments.isEmpty();
            path = "/" + String.join("/", segments) + (trailingSlash ? "/" : "");
        }
        List<String> encoded = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            encoded.add(QueryWriter.percentEncode(segment));
        }
        return String.join("/", encoded);
    }

    private static String canonicalQuery(List<Map.Entry<String, String>> query) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        query.forEach(pair -> sorted.computeIfAbsent(QueryWriter.percentEncode(decode(pair.getKey())), k -> new ArrayList<>())
                .add(QueryWriter.percentEncode(decode(pair.getValue()))));
        StringBuilder canonical = new StringBuilder();
        sorted.forEach((name, values) -> values.stream().sorted().forEach(value -> {
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(name).append('=').append(value);
        }));
        return canonical.toString();
    }

    private static List<String> signedHeaders(String list, Map<String, String> headers) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(";")) {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            if (!headers.containsKey(lower)) {
                throw new SesException("SignatureDoesNotMatch", 403,
                        "The request signs header '" + lower + "' but does not carry it.");
            }
            names.add(lower);
        }
        if (!names.contains("host")) {
            throw new SesException("SignatureDoesNotMatch", 403, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return names.stream().sorted().toList();
    }

    /** Header names lower-cased; repeated headers joined by commas; values trimmed with inner runs of spaces collapsed. */
    private static Map<String, String> headers(List<Map.Entry<String, String>> lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> line : lines) {
            headers.merge(line.getKey().toLowerCase(Locale.ROOT), collapsed(line.getValue()), (a, b) -> a + "," + b);
        }
        return headers;
    }

    /** Trimmed, each inner run of whitespace one space (most values have none: they are returned as they are). */
    private static String collapsed(String value) {
        String trimmed = value.trim();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || Character.isWhitespace(trimmed.charAt(i + 1)))) {
                return SPACES.matcher(trimmed).replaceAll(" ");
            }
        }
        return trimmed;
    }

    /** Query parameters in arrival order, names and values still encoded as on the wire. */
    private static List<Map.Entry<String, String>> rawQueryParams(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    params.add(Map.entry(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1)));
                }
            }
        }
        return params;
    }

    /** The first value of each query parameter, decoded, for looking up the {@code X-Amz-*} parameters. */
    private static Map<String, String> lookup(List<Map.Entry<String, String>> query) {
        Map<String, String> params = new LinkedHashMap<>();
        query.forEach(pair -> params.putIfAbsent(decode(pair.getKey()), decode(pair.getValue())));
        return params;
    }

    private static String decode(String s) {
        return FormDecoder.percentDecode(s.replace("+", "%2B"));
    }

    private static Instant amzDate(String text) {
        try {
            return AMZ_DATE.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + text + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static SesException incomplete(String message) {
        return new SesException("IncompleteSignature", 400, message);
    }

    private static SesException expired(String message) {
        return new SesException("RequestExpired", 400, message);
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(SHA256.get().digest(data));
    }

    /** One digest per thread: {@code digest} resets it. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
