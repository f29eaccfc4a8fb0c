package io.feedbackpipeline.merge;

import java.util.UUID;

/** A project's completion log. Feedback of project A on project B's usage_id has another key than B's log. */
public record LogKey(UUID projectId, String usageId) implements Comparable<LogKey> {

    public static LogKey of(RegisterKey register) {
        return new LogKey(register.projectId(), register.usageId());
    }

    @Override
    public int compareTo(LogKey other) {
        int byProject = projectId.compareTo(other.projectId);
        return byProject != 0 ? byProject : usageId.compareTo(other.usageId);
    }
}
