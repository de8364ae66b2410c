package dev.sesame.sending.delivery;

/** One SMTP reply: the code and the whole text (all lines joined), e.g. {@code 550 5.1.1 user unknown}. */
public record SmtpReply(int code, String text) {

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean permanent() {
        return code >= 500;
    }

    /** The enhanced status code (RFC 3463) at the start of the text, or one derived from the reply code. */
    public String status() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[245]\\.\\d{1,3}\\.\\d{1,3}").matcher(text);
        if (m.find()) {
            return m.group();
        }
        return code >= 500 ? "5.0.0" : code >= 400 ? "4.0.0" : "2.0.0";
    }

    /** The reply as one line: {@code 250 2.0.0 OK}. */
    public String line() {
        return code + " " + text;
    }

    /** A failure that never reached a server (connection refused, timeout, TLS): temporary. */
    public static SmtpReply unreachable(String why) {
        return new SmtpReply(421, "4.4.1 " + why);
    }
}
