package io.feedbackpipeline.gateway.paradigm;

import io.feedbackpipeline.gateway.http.QueryParameters;
import io.feedbackpipeline.jsoncontract.JsonFields;
import io.feedbackpipeline.jsoncontract.Violations;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Paradigm's Feedback body in any of its three encodings. {@code display_value} is read-only and ignored; like
 * Paradigm's own server, any other field it does not know is skipped and returned in {@code ignored} to be counted.
 * In form encodings the query string is not read as fields (the servlet merges it into the form; Paradigm does not).
 * JSON null and, in form encodings, an empty field mean absent.
 */
record ParadigmFeedbackForm(Double value, Boolean flag, String comment, String tag) {

    private static final Set<String> FIELDS = Set.of("value", "flag", "comment", "tag", "display_value");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    static ParadigmFeedbackForm fromJson(JsonNode body, Violations violations, List<String> ignored) {
        JsonFields fields = JsonFields.of(body, violations);
        ignored.addAll(fields.unknown(FIELDS));
        return new ParadigmFeedbackForm(
                fields.optionalNumber("value"),
                fields.optionalBoolean("flag"),
                fields.optionalString("comment"),
                fields.optionalString("tag"));
    }

    /** The fields of a form body; the query string is not part of it (the caller counts it as ignored). */
    static ParadigmFeedbackForm fromParameters(
            HttpServletRequest request, QueryParameters query, Violations violations, List<String> ignored) {
        Map<String, String[]> body = new HashMap<>();
        request.getParameterMap().forEach((name, merged) -> {
            String[] values = query.bodyValues(name, merged);
            if (values.length > 0) {
                body.put(name, values);
            }
        });
        for (String name : body.keySet()) {
            if (!FIELDS.contains(name)) {
                ignored.add(name);
            }
        }
        return new ParadigmFeedbackForm(
                number(single(body, "value", violations), violations),
                flag(single(body, "flag", violations), violations),
                single(body, "comment", violations),
                single(body, "tag", violations));
    }

    private static String single(Map<String, String[]> parameters, String name, Violations violations) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            violations.add(name, "must be given once, was given " + values.length + " times");
            return null;
        }
        return values[0].isEmpty() ? null : values[0];
    }

    private static Double number(String text, Violations violations) {
        if (text == null) {
            return null;
        }
        if (!DECIMAL.matcher(text.trim()).matches()) {
            violations.add("value", "must be a decimal number");
            return null;
        }
        double value = Double.parseDouble(text.trim());
        if (!Double.isFinite(value)) {
            violations.add("value", "must be a finite number");
            return null;
        }
        return value;
    }

    /** Accepts what Django REST framework accepts for a BooleanField in forms. */
    private static Boolean flag(String text, Violations violations) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase()) {
            case "true", "1", "on", "yes" -> true;
            case "false", "0", "off", "no" -> false;
            default -> {
                violations.add("flag", "must be true or false");
                yield null;
            }
        };
    }
}
