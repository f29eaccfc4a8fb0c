package io.feedbackpipeline.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin as browsers send it in the {@code Origin} header: {@code scheme://host[:port]}, lower case, without
 * the scheme's default port. Operators may type {@code https://Example.com:443/} and it means the same origin, so
 * both what is stored and what a browser sends are compared in this form.
 */
public record WebOrigin(String value) {

    private static final int MAX_LENGTH = 255;

    public WebOrigin {
        if (value == null || !value.equals(normalised(value))) {
            throw new IllegalArgumentException("not a normalised web origin: " + value);
        }
    }

    /**
     * The origin a URL names, or empty when it is not an http(s) origin: a path other than "/", a query, a fragment
     * or user info make it something else than an origin, and are refused rather than dropped.
     */
    public static Optional<WebOrigin> parse(String text) {
        return Optional.ofNullable(normalised(text)).map(WebOrigin::new);
    }

    /** Why {@code text} is not an origin, for an operator's error message. */
    public static String problemWith(String text) {
        return "expected scheme://host[:port] with scheme http or https and no path, query or user info, such as"
                + " https://app.example.com; got '" + text + "'";
    }

    private static String normalised(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return null;
        }
        String host = uri.getHost();
        boolean noPath = uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/");
        if (host == null
                || uri.getRawUserInfo() != null
                || !noPath
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    @Override
    public String toString() {
        return value;
    }
}
