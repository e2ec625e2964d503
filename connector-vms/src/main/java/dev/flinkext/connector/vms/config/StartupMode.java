package dev.flinkext.connector.vms.config;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** Where a reader starts ({@code scan.startup.mode}), as Flink's Kafka connector names them. */
public enum StartupMode implements DescribedEnum {
    GROUP_OFFSETS(
            "group-offsets",
            "The consumer group's committed offsets; where the group has none, properties.auto.offset.reset"
                    + " decides (earliest | latest | none; default latest)."),
    EARLIEST_OFFSET("earliest-offset", "The earliest offset of each partition."),
    LATEST_OFFSET("latest-offset", "The end of each partition: only messages written from now on."),
    TIMESTAMP(
            "timestamp",
            "The first message of each partition whose Kafka timestamp is at or after"
                    + " scan.startup.timestamp-millis.");

    private final String value;
    private final String description;

    StartupMode(String value, String description) {
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
