package io.feedbackpipeline.gateway.feedback;

import io.feedbackpipeline.gateway.auth.FeedbackGrant;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.schemas.FeedbackSource;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;

/**
 * What a request with a feedback token may send: feedback on the token's usage_id, of the types it allows, timed by
 * the gateway. Anything else is a 403 naming the field, and nothing is published.
 */
final class GrantedFeedback {

    private GrantedFeedback() {}

    static void require(FeedbackGrant grant, Submission submission) {
        boolean paradigm = submission.source() == FeedbackSource.PARADIGM_API;
        List<FeedbackInput> items = submission.items();
        for (int index = 0; index < items.size(); index++) {
            FeedbackInput item = items.get(index);
            String at = "items[" + index + "].";
            if (item.usageId() != null && !item.usageId().equals(grant.usageId())) {
                throw refused(
                        paradigm ? "completion_id" : at + "usage_id",
                        "this feedback token is for usage_id '" + grant.usageId() + "' only");
            }
            if (item.feedbackTypeId() != null && !grant.allowsType(item.feedbackTypeId())) {
                throw refused(
                        paradigm ? "feedback_type_id" : at + "feedback_type_id",
                        "this feedback token allows feedback types " + new TreeSet<>(grant.feedbackTypeIds())
                                + " only");
            }
            if (item.occurredAt() != null) {
                throw refused(
                        at + "occurred_at", "feedback sent with a feedback token is timed by the gateway on arrival");
            }
        }
    }

    private static GatewayException refused(String field, String reason) {
        return new GatewayException(
                HttpStatus.FORBIDDEN,
                "The feedback token does not allow this: " + field + ": " + reason + ".",
                null,
                Map.of("field", field, "reason", reason));
    }
}
