package dev.sesame.ses.protocol;

/**
 * One SES action of the service model.
 *
 * @param input the request structure's shape name
 * @param output the result structure's shape name, or null when the action returns only metadata
 * @param inSpec whether the action is one of the 49 of the API reference Sesame implements
 */
public record Operation(String name, String input, String output, String resultWrapper, boolean inSpec) {
}
