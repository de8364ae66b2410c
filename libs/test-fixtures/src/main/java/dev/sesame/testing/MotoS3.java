package dev.sesame.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's S3 server ({@code moto_server}, from the machine's Python): a real, independent S3 implementation on a
 * free loopback port, one per JVM. Objects are read back as an S3 client reads them, with boto3.
 */
public final class MotoS3 {

    private static MotoS3 shared;

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoS3() throws IOException {
        port = KafkaBroker.freePort();
        process = new ProcessBuilder("moto_server", "-p", String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    }

    public static synchronized MotoS3 shared() {
        if (shared == null) {
            try {
                shared = new MotoS3();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates the bucket, waiting for the server to come up. */
    public void createBucket(String bucket) {
        for (int i = 0; ; i++) {
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url() + "/" + bucket)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                throw new IllegalStateException("moto refused bucket " + bucket + ": HTTP " + status);
            } catch (IOException e) {
                if (i > 150) {
                    throw new UncheckedIOException("moto_server did not start", e);
                }
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The keys in the bucket (ListObjectsV2). */
    public List<String> keys(String bucket) throws IOException, InterruptedException {
        String listing = http.send(HttpRequest.newBuilder(URI.create(url() + "/" + bucket + "?list-type=2")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> keys = new ArrayList<>();
        Matcher key = Pattern.compile("<Key>([^<]+)</Key>").matcher(listing);
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    /** The object, read with boto3 and the given credentials (objects are private). */
    public String get(String bucket, String key, String accessKey, String secretKey) throws IOException, InterruptedException {
        return new String(boto3(bucket, key, accessKey, secretKey, "o['Body'].read()"), StandardCharsets.UTF_8);
    }

    /** The object's user metadata (names without {@code x-amz-meta-}), read with boto3. */
    public Map<String, String> metadata(String bucket, String key, String accessKey, String secretKey) throws IOException, InterruptedException {
        String json = new String(boto3(bucket, key, accessKey, secretKey, "json.dumps(o['Metadata']).encode()"), StandardCharsets.UTF_8);
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return metadata;
    }

    /** The object's bytes, read with boto3. */
    public byte[] bytes(String bucket, String key, String accessKey, String secretKey) throws IOException, InterruptedException {
        return boto3(bucket, key, accessKey, secretKey, "o['Body'].read()");
    }

    private byte[] boto3(String bucket, String key, String accessKey, String secretKey, String output) throws IOException, InterruptedException {
        Process get = new ProcessBuilder("python3", "-c", "import boto3, json, sys; s3 = boto3.client('s3', endpoint_url=sys.argv[1], "
                + "aws_access_key_id=sys.argv[4], aws_secret_access_key=sys.argv[5], region_name='us-east-1'); "
                + "o = s3.get_object(Bucket=sys.argv[2], Key=sys.argv[3]); sys.stdout.buffer.write(" + output + ")",
                url(), bucket, key, accessKey, secretKey).start();
        byte[] object = get.getInputStream().readAllBytes();
        String errors = new String(get.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (get.waitFor() != 0) {
            throw new IOException("boto3 could not read " + bucket + "/" + key + ": " + errors);
        }
        return object;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
