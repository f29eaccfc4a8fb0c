package io.feedbackpipeline.jsoncontract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a request was refused: which item (by its position in the request, if the request has items), which
 * field, and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(Integer index, String field, String reason) {

    public static Violation of(String field, String reason) {
        return new Violation(null, field, reason);
    }

    public static Violation atItem(int index, String field, String reason) {
        return new Violation(index, field, reason);
    }
}
