package io.feedbackpipeline.jsoncontract;

import java.util.List;

/** 400: the request is refused as a whole, for every listed reason. */
public final class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.size() + " invalid field(s)");
        this.violations = violations;
    }

    public static InvalidRequestException of(String field, String reason) {
        return new InvalidRequestException(List.of(Violation.of(field, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
