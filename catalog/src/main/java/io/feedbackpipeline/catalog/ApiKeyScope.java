package io.feedbackpipeline.catalog;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API key may do in its project. A key holds one or more. */
public enum ApiKeyScope {
    /** Send feedback: the Baseplate and Paradigm routes and native feedback. */
    INGEST,
    /**
     * Write completion logs (prompts, completions, values): a backend's job, never a page's, so an ingest key that
     * ships in a browser cannot rewrite them. Keys issued before this scope existed and could ingest hold it.
     */
    LOGS,
    /** Read completion logs and the catalog (prompts, completions and values included). */
    READ,
    /** Change the catalog: feedback types. */
    ADMIN;

    /** Every scope: what keys issued before scopes could do, and still can. */
    public static final Set<ApiKeyScope> ALL = Set.copyOf(EnumSet.allOf(ApiKeyScope.class));

    /** As stored and as typed: {@code ingest}, {@code read}, {@code admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApiKeyScope parse(String text) {
        for (ApiKeyScope scope : values()) {
            if (scope.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + text + "' (one of "
                + Arrays.stream(values()).map(ApiKeyScope::wireName).collect(Collectors.joining(", ")) + ")");
    }

    public static Set<ApiKeyScope> parseAll(String[] texts) {
        EnumSet<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        for (String text : texts) {
            scopes.add(parse(text));
        }
        return Set.copyOf(scopes);
    }

    /** The scopes of an {@code api_key.scopes} ({@code text[]}) column, as the driver returns it. */
    public static Set<ApiKeyScope> parseAll(Array column) throws SQLException {
        return parseAll((String[]) column.getArray());
    }

    public static String[] wireNames(Set<ApiKeyScope> scopes) {
        return scopes.stream().sorted().map(ApiKeyScope::wireName).toArray(String[]::new);
    }
}
