package dev.flinkext.connector.vms.config;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;

/** How a source reads: consumer group, start and stop positions, content-type policy. */
public record VmsReadOptions(
        String groupId,
        StartupMode startupMode,
        @Nullable Long startupTimestampMillis,
        BoundedMode boundedMode,
        @Nullable Long boundedTimestampMillis,
        ContentTypeMismatch contentTypeMismatch,
        Duration partitionDiscoveryInterval)
        implements Serializable {

    /** Group offsets, unbounded, failing on a content-type mismatch. */
    public static VmsReadOptions defaults(String groupId) {
        return new VmsReadOptions(
                groupId,
                StartupMode.GROUP_OFFSETS,
                null,
                BoundedMode.UNBOUNDED,
                null,
                ContentTypeMismatch.FAIL,
                Duration.ofMinutes(5));
    }

    public boolean bounded() {
        return boundedMode != BoundedMode.UNBOUNDED;
    }
}
