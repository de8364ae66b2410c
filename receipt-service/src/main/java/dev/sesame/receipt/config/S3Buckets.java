package dev.sesame.receipt.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.Map;
import java.util.Optional;

/**
 * Buckets that S3 actions write to an S3-compatible store rather than the local object store:
 * {@code sesame.receipt.s3-buckets.<bucket>.url} (path-style endpoint), {@code .region}, {@code .access-key} and
 * {@code .secret-key} (best given as the environment variable {@code SESAME_RECEIPT_S3_BUCKETS__<BUCKET>__SECRET_KEY}).
 */
@ConfigMapping(prefix = "sesame.receipt.s3-buckets")
public interface S3Buckets {

    @WithParentName
    Map<String, Bucket> buckets();

    interface Bucket {

        String url();

        @WithDefault("us-east-1")
        String region();

        Optional<String> accessKey();

        Optional<String> secretKey();
    }
}
