package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbFormatOptions;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.mapping.PbTypeMapping;
import dev.flinkext.format.pb.schema.PbSchema;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;

import com.google.protobuf.CodedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * Protobuf bytes to rows. Usable on its own in a DataStream job (as {@code value.format} of a
 * {@code KafkaSource}), and what {@code 'format' = 'pb'} runs. Checks the row type against the
 * message when constructed, so a bad DDL fails where the job is planned.
 */
public class PbRowDataDeserializationSchema implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PbRowDataDeserializationSchema.class);

    /** Counts the messages skipped under {@code pb.ignore-parse-errors}. */
    public static final String SKIPPED_METRIC = "pbMessagesSkipped";

    private final PbSchema schema;
    private final RowType rowType;
    private final TypeInformation<RowData> producedType;
    private final PbFormatConfig config;

    private transient MessageDecoder decoder;
    private transient MessageBytes message;
    private transient Counter skipped;

    public PbRowDataDeserializationSchema(
            PbSchema schema,
            RowType rowType,
            TypeInformation<RowData> producedType,
            PbFormatConfig config) {
        this.schema = Objects.requireNonNull(schema);
        this.rowType = Objects.requireNonNull(rowType);
        this.producedType = Objects.requireNonNull(producedType);
        this.config = Objects.requireNonNull(config);
        this.decoder = createDecoder();
    }

    private MessageDecoder createDecoder() {
        message = new MessageBytes();
        return MessageDecoder.forMapping(
                PbTypeMapping.bind(schema.descriptor(), rowType, config), config, message);
    }

    @Override
    public void open(InitializationContext context) {
        skipped = context.getMetricGroup().counter(SKIPPED_METRIC);
        decoder();
    }

    private MessageDecoder decoder() {
        if (decoder == null) {
            decoder = createDecoder();
        }
        return decoder;
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        if (message == null) {
            return null; // a Kafka tombstone has no message
        }
        if (config.lengthDelimited()) {
            RowData[] first = new RowData[1];
            deserialize(message, new FirstRow(first));
            return first[0];
        }
        return decodeOrSkip(message, 0, message.length);
    }

    @Override
    public void deserialize(byte[] message, Collector<RowData> out) throws IOException {
        if (message == null) {
            return;
        }
        if (!config.lengthDelimited()) {
            RowData row = decodeOrSkip(message, 0, message.length);
            if (row != null) {
                out.collect(row);
            }
            return;
        }
        int offset = 0;
        while (offset < message.length) {
            int length;
            int start;
            try {
                CodedInputStream prefix =
                        CodedInputStream.newInstance(message, offset, message.length - offset);
                length = prefix.readRawVarint32();
                start = offset + prefix.getTotalBytesRead();
                if (length < 0 || length > message.length - start) {
                    throw PbDecodeException.of(
                            "a length prefix of " + length + " runs past the payload's end");
                }
            } catch (IOException e) {
                // without a trustworthy length the rest of the payload cannot be framed
                fail(e, offset, message.length, "the length prefix");
                return;
            }
            RowData row = decodeOrSkip(message, start, length);
            if (row != null) {
                out.collect(row);
            }
            offset = start + length;
        }
    }

    /** Decodes bytes [offset, offset+length) as one message; null when skipped. */
    private RowData decodeOrSkip(byte[] bytes, int offset, int length) throws IOException {
        MessageDecoder decoder = decoder();
        message.reset(bytes, offset, length);
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        try {
            GenericRowData row = decoder.decode(in);
            in.checkLastTagWas(0);
            return row;
        } catch (IOException | RuntimeException e) {
            fail(e, offset + in.getTotalBytesRead(), bytes.length, null);
            return null;
        }
    }

    /** Throws a clear error, or counts and logs the skip under ignore-parse-errors. */
    private void fail(Throwable e, int offset, int size, String what) throws IOException {
        String where = e instanceof PbDecodeException ? ((PbDecodeException) e).where() : "";
        String reason = PbDecodeException.reasonOf(e);
        String message =
                String.format(
                        "Cannot decode protobuf message '%s': %s%s%s, at byte offset %d of %d.",
                        schema.messageName(),
                        reason,
                        where,
                        what == null ? "" : " (" + what + ")",
                        offset,
                        size);
        if (!config.ignoreParseErrors()) {
            throw new IOException(
                    message
                            + " Set 'pb."
                            + PbFormatOptions.IGNORE_PARSE_ERRORS.key()
                            + "' = 'true' to skip such messages.",
                    e);
        }
        if (skipped == null) {
            skipped = new SimpleCounter();
        }
        skipped.inc();
        long count = skipped.getCount();
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("Skipped {} protobuf message(s) so far; the latest: {}", count, message);
        }
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PbRowDataDeserializationSchema)) {
            return false;
        }
        PbRowDataDeserializationSchema that = (PbRowDataDeserializationSchema) o;
        return schema.equals(that.schema)
                && rowType.equals(that.rowType)
                && config.equals(that.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, rowType, config);
    }

    /** Keeps the first row of a length-delimited payload for the single-row API. */
    private static final class FirstRow implements Collector<RowData> {
        private final RowData[] first;

        FirstRow(RowData[] first) {
            this.first = first;
        }

        @Override
        public void collect(RowData record) {
            if (first[0] != null) {
                // returning one row would drop the others without a trace
                throw new IllegalStateException(
                        "A length-delimited payload holds several messages: read it with"
                                + " deserialize(byte[], Collector), as Flink's sources do.");
            }
            first[0] = record;
        }

        @Override
        public void close() {}
    }
}
