package dev.flinkext.benchmarks.format.pb;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.decode.PbRowDataDeserializationSchema;
import dev.flinkext.format.pb.encode.PbRowDataSerializationSchema;
import dev.flinkext.format.pb.schema.PbSchema;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * format-pb vs Flink's flink-protobuf 2.2 ({@code 'format' = 'protobuf'}) on the same message, the
 * same row type and the same data, in rows/s: {@code decode} turns {@value #ROWS} distinct
 * serialized messages into rows ({@code DeserializationSchema.deserialize(byte[])}), {@code encode}
 * turns the matching rows back into bytes ({@code SerializationSchema.serialize}).
 *
 * <p>{@code message}: {@code flat} (12 scalar fields), {@code nested} (messages 3 levels deep, a
 * repeated message, a repeated int64, a map), {@code defaults} (30 proto3 fields of which 3-5 are
 * on the wire). The rows given to the encoders are {@code BinaryRowData} (what a sink receives from
 * a projection in a SQL job), converted from flink-protobuf's decoding of the same messages.
 *
 * <p>The set-up checks that both sides decode every message to equal rows, and that both encodings
 * of every row parse back (generated class's {@code parseFrom}) to the original message, with the
 * same size; it fails otherwise, so the two sides never do different work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PbFormatBenchmark.ROWS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PbFormatBenchmark {

    static final int ROWS = 1024;

    @Param({"flat", "nested", "defaults"})
    String message;

    private Message[] originals;
    private byte[][] serialized;
    private RowData[] rows;

    private PbRowDataDeserializationSchema oursDecoder;
    private PbRowDataSerializationSchema oursEncoder;
    private org.apache.flink.formats.protobuf.deserialize.PbRowDataDeserializationSchema
            referenceDecoder;
    private org.apache.flink.formats.protobuf.serialize.PbRowDataSerializationSchema
            referenceEncoder;

    @Setup
    public void setUp() throws Exception {
        PbBenchMessage bench = PbBenchMessage.valueOf(message.toUpperCase(Locale.ROOT));
        RowType rowType = bench.rowType();

        SplittableRandom random = new SplittableRandom(42);
        originals = new Message[ROWS];
        serialized = new byte[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            originals[i] = bench.generate(random);
            serialized[i] = originals[i].toByteArray();
        }

        org.apache.flink.formats.protobuf.PbFormatConfig referenceConfig =
                new org.apache.flink.formats.protobuf.PbFormatConfig.PbFormatConfigBuilder()
                        .messageClassName(bench.messageClassName())
                        .build();
        referenceDecoder =
                new org.apache.flink.formats.protobuf.deserialize.PbRowDataDeserializationSchema(
                        rowType, InternalTypeInfo.of(rowType), referenceConfig);
        referenceDecoder.open(new Context());
        referenceEncoder =
                new org.apache.flink.formats.protobuf.serialize.PbRowDataSerializationSchema(
                        rowType, referenceConfig);
        referenceEncoder.open(new Context());

        PbSchema schema = PbSchema.ofMessageClass(originals[0].getClass());
        oursDecoder =
                new PbRowDataDeserializationSchema(
                        schema, rowType, InternalTypeInfo.of(rowType), PbFormatConfig.defaults());
        oursDecoder.open(new Context());
        oursEncoder = new PbRowDataSerializationSchema(schema, rowType, PbFormatConfig.defaults());
        oursEncoder.open(new Context());

        RowDataSerializer toBinary = new RowDataSerializer(rowType);
        rows = new RowData[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = toBinary.toBinaryRow(referenceDecoder.deserialize(serialized[i])).copy();
        }
        check(rowType);
    }

    /** Both sides do the same work: equal rows, and encodings of the original messages. */
    private void check(RowType rowType) throws IOException {
        Parser<? extends Message> parser = originals[0].getParserForType();
        for (int i = 0; i < ROWS; i++) {
            List<Object> reference =
                    RowValues.of(rowType, referenceDecoder.deserialize(serialized[i]));
            List<Object> ours = RowValues.of(rowType, oursDecoder.deserialize(serialized[i]));
            if (!ours.equals(reference)) {
                throw new IllegalStateException(
                        message
                                + " #"
                                + i
                                + ": rows differ\n  ours:      "
                                + ours
                                + "\n  reference: "
                                + reference);
            }
            byte[] referenceBytes = referenceEncoder.serialize(rows[i]);
            byte[] oursBytes = oursEncoder.serialize(rows[i]);
            Message fromReference = parser.parseFrom(referenceBytes);
            Message fromOurs = parser.parseFrom(oursBytes);
            if (!fromReference.equals(originals[i])) {
                throw new IllegalStateException(
                        message
                                + " #"
                                + i
                                + ": the reference does not round-trip\n"
                                + originals[i]);
            }
            if (!fromOurs.equals(originals[i])) {
                throw new IllegalStateException(
                        message
                                + " #"
                                + i
                                + ": our encoding parses to another message\n  ours:     "
                                + fromOurs
                                + "\n  original: "
                                + originals[i]);
            }
            if (oursBytes.length != referenceBytes.length) {
                throw new IllegalStateException(
                        message
                                + " #"
                                + i
                                + ": our encoding has "
                                + oursBytes.length
                                + " bytes, the reference's "
                                + referenceBytes.length
                                + " (default values written?)");
            }
        }
    }

    @Benchmark
    public void ours_decode(Blackhole blackhole) throws IOException {
        for (byte[] bytes : serialized) {
            blackhole.consume(oursDecoder.deserialize(bytes));
        }
    }

    @Benchmark
    public void reference_decode(Blackhole blackhole) throws IOException {
        for (byte[] bytes : serialized) {
            blackhole.consume(referenceDecoder.deserialize(bytes));
        }
    }

    @Benchmark
    public void ours_encode(Blackhole blackhole) {
        for (RowData row : rows) {
            blackhole.consume(oursEncoder.serialize(row));
        }
    }

    @Benchmark
    public void reference_encode(Blackhole blackhole) {
        for (RowData row : rows) {
            blackhole.consume(referenceEncoder.serialize(row));
        }
    }

    /** What a source or sink operator passes to {@code open}; only the metric group is used. */
    private static final class Context
            implements DeserializationSchema.InitializationContext,
                    SerializationSchema.InitializationContext {

        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(PbFormatBenchmark.class.getClassLoader());
        }
    }
}
