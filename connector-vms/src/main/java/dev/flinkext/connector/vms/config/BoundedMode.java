package dev.flinkext.connector.vms.config;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** Where a bounded (backfill) read stops ({@code scan.bounded.mode}). */
public enum BoundedMode implements DescribedEnum {
    UNBOUNDED("unbounded", "Never stops: a streaming read."),
    LATEST_OFFSET("latest-offset", "Stops at the end each partition had when the job started."),
    GROUP_OFFSETS("group-offsets", "Stops at the consumer group's committed offsets."),
    TIMESTAMP(
            "timestamp",
            "Stops before the first message of each partition whose Kafka timestamp is at or after"
                    + " scan.bounded.timestamp-millis.");

    private final String value;
    private final String description;

    BoundedMode(String value, String description) {
        this.value = value;
        this.description = description;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
