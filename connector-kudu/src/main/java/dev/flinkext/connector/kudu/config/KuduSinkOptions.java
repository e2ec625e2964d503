package dev.flinkext.connector.kudu.config;

import dev.flinkext.sink.SinkCoreOptions;
import dev.flinkext.sink.config.SinkOptionsBuilder;
import dev.flinkext.sink.config.SinkWriterOptions;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Kudu sink buffers, writes and retries (sink-core's {@link SinkWriterOptions}), plus the
 * row errors a user opts to ignore. Immutable and serializable.
 *
 * @param writer buffering, in-flight batches and retries, shared with every flinkext sink
 * @param ignoreNotFound {@code sink.ignore-not-found}: a DELETE of an absent row counts as done
 * @param ignoreDuplicate {@code sink.ignore-duplicate}: ALREADY_PRESENT counts as done
 * @param parallelismOrNull {@code sink.parallelism}, or null for the input's
 */
public record KuduSinkOptions(
        SinkWriterOptions writer,
        boolean ignoreNotFound,
        boolean ignoreDuplicate,
        @Nullable Integer parallelismOrNull)
        implements Serializable {

    /**
     * {@code sink.max-in-flight-batches} when the user sets none: 2, not sink-core's 1. One batch
     * is written while the next fills, as kudu-client's own AUTO_FLUSH_BACKGROUND does with its two
     * buffers; with 1 the task waits for every flush and reaches about 0.7x of the raw client, with
     * 2 about 0.9x (benchmarks/README.md). Writes to one key stay in order either way.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT_BATCHES = 2;

    public KuduSinkOptions {
        Objects.requireNonNull(writer, "writer");
        if (parallelismOrNull != null && parallelismOrNull < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            SinkCoreOptions.SINK_PARALLELISM.key(), parallelismOrNull));
        }
    }

    /**
     * Reads the {@code sink.*} options.
     *
     * @throws ValidationException naming the option at fault
     */
    public static KuduSinkOptions fromConfig(ReadableConfig config) {
        return new KuduSinkOptions(
                SinkWriterOptions.fromConfig(config, DEFAULT_MAX_IN_FLIGHT_BATCHES),
                config.get(KuduConnectorOptions.SINK_IGNORE_NOT_FOUND),
                config.get(KuduConnectorOptions.SINK_IGNORE_DUPLICATE),
                config.getOptional(SinkCoreOptions.SINK_PARALLELISM).orElse(null));
    }

    public Optional<Integer> parallelism() {
        return Optional.ofNullable(parallelismOrNull);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds options in code (DataStream users); starts from the defaults of the options. */
    public static final class Builder extends SinkOptionsBuilder<Builder> {
        private boolean ignoreNotFound;
        private boolean ignoreDuplicate;

        private Builder() {
            super("Kudu", DEFAULT_MAX_IN_FLIGHT_BATCHES);
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder ignoreNotFound(boolean ignore) {
            this.ignoreNotFound = ignore;
            return this;
        }

        public Builder ignoreDuplicate(boolean ignore) {
            this.ignoreDuplicate = ignore;
            return this;
        }

        public KuduSinkOptions build() {
            return new KuduSinkOptions(
                    writerOptions(), ignoreNotFound, ignoreDuplicate, parallelismOrNull());
        }
    }
}
