package dev.sesame.ses.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes {@code application/x-www-form-urlencoded} text (a POST body or a query string) into parameters. */
public final class FormDecoder {

    private FormDecoder() {
    }

    /** Decodes {@code a=1&b=x%20y}; a parameter given twice is refused, since SES would not know which to take. */
    public static Map<String, String> decode(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return params;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null) {
                throw new SesException("MalformedQueryString", 404, "The parameter " + name + " appears more than once.");
            }
        }
        return params;
    }

    /** Percent-decodes form text ({@code +} is a space) as UTF-8; a broken escape is a malformed query string. */
    public static String percentDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
                i++;
            } else if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw malformed();
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int end = i;
                while (end < s.length() && s.charAt(end) != '%' && s.charAt(end) != '+') {
                    end++;
                }
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static SesException malformed() {
        return new SesException("MalformedQueryString", 404, "The query string contains a malformed percent-escape.");
    }
}
