package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request's query string on its own. The servlet API merges query parameters into a form body's parameters
 * (query values first), but the seed APIs' servers read a form body without its query string: a {@code ?flag=...}
 * on a form post is not the body's flag. This separates the two.
 */
public record QueryParameters(Map<String, Integer> counts) {

    public static QueryParameters of(HttpServletRequest request) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String query = request.getQueryString();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                counts.merge(decode(name), 1, Integer::sum);
            }
        }
        return new QueryParameters(Map.copyOf(counts));
    }

    /** How many parameters the query string has, counting repeats. */
    public int size() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The values a form body gave {@code name}: the servlet's merged values without the query string's. */
    public String[] bodyValues(String name, String[] merged) {
        int fromQuery = counts.getOrDefault(name, 0);
        return merged == null || fromQuery >= merged.length
                ? new String[0]
                : Arrays.copyOfRange(merged, fromQuery, merged.length);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape: Tomcat keeps such a name as it is too
        }
    }
}
