package dev.sesame.ses.protocol;

/**
 * An SES error: the wire code, HTTP status and message a client sees in {@code <ErrorResponse>}.
 *
 * <p>Every fault a client can cause is one of these; {@link XmlSerializer#error} renders it.
 */
public class SesException extends RuntimeException {

    private final String code;
    private final int httpStatus;

    public SesException(String code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** An error the service model names, with the model's HTTP status (400 when it is not modeled). */
    public static SesException of(String code, String message) {
        int status = ServiceModel.ses().error(code).map(ServiceModel.ErrorShape::httpStatus).orElse(400);
        return new SesException(code, status, message);
    }

    public static SesException missingParameter(String parameter) {
        return new SesException("MissingParameter", 400, "The request must contain the parameter " + parameter);
    }

    public static SesException invalidParameterValue(String message) {
        return new SesException("InvalidParameterValue", 400, message);
    }

    public static SesException missingAction() {
        return new SesException("MissingAction", 400, "The request must contain the parameter Action");
    }

    public static SesException invalidAction(String action) {
        return new SesException("InvalidAction", 400, "The action " + action + " is not valid for this web service.");
    }

    public static SesException notImplemented(String action) {
        return new SesException("NotImplemented", 501,
                "The action " + action + " is part of the SES API but Sesame does not implement it yet.");
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** {@code Sender} for faults of the caller (4xx), {@code Receiver} for faults of the service (5xx). */
    public String type() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }
}
