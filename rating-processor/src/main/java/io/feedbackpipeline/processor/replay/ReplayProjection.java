package io.feedbackpipeline.processor.replay;

import io.feedbackpipeline.merge.Merge;
import io.feedbackpipeline.processor.intake.Intake;
import io.feedbackpipeline.processor.intake.Intake.Sorted;
import io.feedbackpipeline.processor.projection.ProjectionTables;
import io.feedbackpipeline.processor.projection.ProjectionWriter;
import io.feedbackpipeline.processor.projection.ProjectionWriter.Written;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The processor's own intake, merge and projection, for re-reading topic ranges outside the live consumer. Records
 * that fail validation are counted and skipped: the first pass dead-lettered them already, and a replay must not
 * add dead letters that a single pass would not have.
 */
public final class ReplayProjection {

    /** What one applied chunk did. */
    public record Applied(int records, int items, int rowsChanged, int skipped) {}

    private final Intake intake;
    private final ProjectionWriter writer;

    private ReplayProjection(Intake intake, ProjectionWriter writer) {
        this.intake = intake;
        this.writer = writer;
    }

    public static ReplayProjection create(DataSource dataSource, ProjectionTables tables) {
        return new ReplayProjection(Intake.forDataSource(dataSource), ProjectionWriter.forDataSource(dataSource, tables));
    }

    public Applied apply(List<ConsumerRecord<byte[], byte[]>> records) {
        Sorted sorted = intake.sort(records);
        Written written = writer.write(Merge.feedback(sorted.feedback()), Merge.logs(sorted.logs()));
        return new Applied(records.size(), sorted.items(), written.total(), sorted.rejected().size());
    }
}
