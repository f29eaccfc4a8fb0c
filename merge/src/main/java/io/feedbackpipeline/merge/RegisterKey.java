package io.feedbackpipeline.merge;

import java.util.UUID;

/** One feedback register: a project's feedback of one type on one completion log. */
public record RegisterKey(UUID projectId, String usageId, int feedbackTypeId) implements Comparable<RegisterKey> {

    /** Sorting writes by key makes concurrent transactions lock rows in the same order (no deadlocks). */
    @Override
    public int compareTo(RegisterKey other) {
        int byProject = projectId.compareTo(other.projectId);
        if (byProject != 0) {
            return byProject;
        }
        int byUsage = usageId.compareTo(other.usageId);
        return byUsage != 0 ? byUsage : Integer.compare(feedbackTypeId, other.feedbackTypeId);
    }
}
