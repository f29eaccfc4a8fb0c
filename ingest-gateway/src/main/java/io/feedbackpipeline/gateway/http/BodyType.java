package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** Which body encoding a request uses; anything an endpoint does not accept is a 415. */
public enum BodyType {
    JSON,
    FORM,
    MULTIPART,
    NONE,
    /** Any other content type, or one that does not parse. */
    OTHER;

    public static BodyType of(HttpServletRequest request, List<BodyType> accepted) {
        BodyType type = detect(request.getContentType());
        if (!accepted.contains(type)) {
            throw unsupported(request.getContentType(), accepted);
        }
        return type;
    }

    private static BodyType detect(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return NONE;
        }
        try {
            MediaType media = MediaType.parseMediaType(contentType);
            if (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(media)
                    || ("application".equals(media.getType())
                            && media.getSubtype().endsWith("+json"))) {
                return JSON;
            }
            if (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(media)) {
                return FORM;
            }
            if (MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(media)) {
                return MULTIPART;
            }
        } catch (InvalidMediaTypeException e) {
            // an unparseable Content-Type is as unsupported as an unknown one
        }
        return OTHER;
    }

    private static GatewayException unsupported(String contentType, List<BodyType> accepted) {
        List<String> names = accepted.stream()
                .filter(type -> type != NONE && type != OTHER)
                .map(type -> switch (type) {
                    case JSON -> "application/json";
                    case FORM -> "application/x-www-form-urlencoded";
                    default -> "multipart/form-data";
                })
                .toList();
        String given = contentType == null ? "no Content-Type" : "Content-Type '" + contentType + "'";
        return new GatewayException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                given + " is not supported here; use " + String.join(" or ", names) + ".");
    }
}
