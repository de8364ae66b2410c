package dev.sesame.service.api;

import java.util.Map;

/** A group of related actions this service owns, by action name: SES's, or those of another AWS API it speaks. */
public interface SesActions {

    Map<String, SesAction> actions();

    /** The API the actions belong to: {@code ses} (Query protocol), or {@code kms} (KMS's JSON protocol). */
    default String api() {
        return "ses";
    }
}
