package io.feedbackpipeline.jsoncontract;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object, recording a violation for each field that is missing or of the wrong
 * shape instead of stopping at the first. Absent and JSON null are the same for optional fields.
 */
public final class JsonFields {

    private final JsonNode object;
    private final Integer index;
    private final Violations violations;

    public JsonFields(JsonNode object, Integer index, Violations violations) {
        this.object = object;
        this.index = index;
        this.violations = violations;
    }

    public static JsonFields of(JsonNode object, Violations violations) {
        return new JsonFields(object, null, violations);
    }

    public boolean has(String name) {
        JsonNode node = object.get(name);
        return node != null && !node.isNull();
    }

    public String requiredString(String name) {
        if (!has(name)) {
            violate(name, "is required");
            return null;
        }
        return optionalString(name);
    }

    /**
     * A string as it was sent. Its content (length, NUL, well-formed Unicode) is the event rules' to check, on the
     * event itself ({@code catalog.EventRules}), so every way in refuses the same things for the same reasons; the
     * body limit and the JSON read constraints are what bound a string here.
     */
    public String optionalString(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            violate(name, "must be a string");
            return null;
        }
        return node.stringValue();
    }

    /** A string with at least one non-blank character. */
    public String requiredText(String name) {
        String value = requiredString(name);
        if (value != null && value.isBlank()) {
            violate(name, "must not be blank");
            return null;
        }
        return value;
    }

    public Boolean requiredBoolean(String name) {
        if (!has(name)) {
            violate(name, "is required");
            return null;
        }
        return optionalBoolean(name);
    }

    public Boolean optionalBoolean(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            violate(name, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    public Double optionalNumber(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            violate(name, "must be a number");
            return null;
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            violate(name, "must be a finite number");
            return null;
        }
        return value;
    }

    public Integer requiredInt(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            violate(name, "is required");
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            violate(name, "must be an integer");
            return null;
        }
        return node.intValue();
    }

    public UUID optionalUuid(String name) {
        String text = optionalString(name);
        if (text == null) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException();
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            violate(name, "must be a UUID");
            return null;
        }
    }

    /** An RFC 3339 / ISO-8601 instant with offset, e.g. 2026-11-22T10:15:30.123456Z. */
    public Instant optionalInstant(String name) {
        String text = optionalString(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            violate(name, "must be an ISO-8601 date-time with offset, e.g. 2026-11-22T10:15:30.123456Z");
            return null;
        }
    }

    public JsonNode optionalObject(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            violate(name, "must be an object");
            return null;
        }
        return node;
    }

    /** The object's field names that are not in {@code known}: what a tolerant reader skips. */
    public List<String> unknown(Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    public void rejectUnknown(Set<String> known) {
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                violate(name, "is not a known field");
            }
        }
    }

    public void violate(String field, String reason) {
        violations.add(new Violation(index, field, reason));
    }
}
