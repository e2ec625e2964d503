package dev.flinkext.connector.vms.config;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** What a reader does with a message whose envelope names another content type. */
public enum ContentTypeMismatch implements DescribedEnum {
    FAIL("fail", "Fail the job, naming the stream, partition, offset and both content types."),
    SKIP(
            "skip",
            "Skip the message and count it (metric vmsContentTypeMismatches); the first one is"
                    + " logged.");

    private final String value;
    private final String description;

    ContentTypeMismatch(String value, String description) {
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
