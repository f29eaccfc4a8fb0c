package io.feedbackpipeline.feedbackctl.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Parquet through parquet-java's Avro binding, written to a local file without Hadoop's file system or configuration.
 * Row groups are kept small (16 MB) so the writer's memory stays bounded whatever the export's size; every column is
 * optional; timestamps are UTC microseconds, as in the database. Pages are dictionary- and RLE-encoded but not
 * compressed: parquet-java's codecs need Hadoop's runtime (30 MB more in feedbackctl), and a warehouse that loads the
 * file compresses it its own way.
 */
final class ParquetSink implements RowSink {

    private static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

    private final List<Column> columns;
    private final Schema schema;
    private final ParquetWriter<GenericRecord> writer;

    ParquetSink(List<Column> columns, Path file, String recordName) throws IOException {
        this.columns = columns;
        this.schema = schema(columns, recordName);
        this.writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(schema)
                .withConf(new PlainParquetConfiguration())
                .withDataModel(GenericData.get())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build();
    }

    @Override
    public void write(Object[] row) throws IOException {
        GenericRecord record = new GenericData.Record(schema);
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value instanceof Instant instant) {
                value = ChronoUnit.MICROS.between(Instant.EPOCH, instant);
            }
            record.put(i, value);
        }
        writer.write(record);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static Schema schema(List<Column> columns, String recordName) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(recordName)
                .namespace("io.feedbackpipeline.export")
                .fields();
        for (Column column : columns) {
            Schema type = switch (column.type()) {
                case STRING -> Schema.create(Schema.Type.STRING);
                case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
                case INT -> Schema.create(Schema.Type.INT);
                case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
                case TIMESTAMP -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            };
            fields = fields.name(column.name())
                    .type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                    .withDefault(null);
        }
        return fields.endRecord();
    }
}
