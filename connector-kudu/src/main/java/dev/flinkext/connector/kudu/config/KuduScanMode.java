package dev.flinkext.connector.kudu.config;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** {@code scan.mode}: read the table once, or follow its changes too. */
public enum KuduScanMode implements DescribedEnum {
    SNAPSHOT("snapshot", "A bounded scan of the table's rows at the time each tablet is read."),
    CONTINUOUS(
            "continuous",
            "The snapshot, then the table's changes as a changelog (+I, -U/+U, -D), read with Kudu"
                    + " diff scans every 'scan.continuous.interval'. Unbounded.");

    private final String value;
    private final String description;

    KuduScanMode(String value, String description) {
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
