package io.feedbackpipeline.catalog;

/** A catalog operation failed in the database. */
public class CatalogException extends RuntimeException {

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
