package io.feedbackpipeline.feedbackctl.export;

import java.io.IOException;

/** Where exported rows go, one at a time: nothing is held beyond what the format buffers. */
interface RowSink extends AutoCloseable {

    /** One row, its values in the order of the export's columns. */
    void write(Object[] row) throws IOException;

    /** Completes the output (a Parquet footer, a final flush); the output is whole only after this returns. */
    @Override
    void close() throws IOException;
}
