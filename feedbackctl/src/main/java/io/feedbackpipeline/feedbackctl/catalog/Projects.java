package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Uuids;
import java.util.UUID;

/** The --project of a command that creates something under it: it must exist (exit 3 otherwise). */
final class Projects {

    private Projects() {}

    static UUID existing(Connection connection, String project) {
        UUID id = Uuids.parse("--project", project);
        if (!new CatalogReader(connection.dataSource()).projectExists(id)) {
            throw new CommandFailure(FeedbackCtl.NOT_FOUND, "no project " + id);
        }
        return id;
    }
}
