package dev.flinkext.connector.vms.envelope;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The payload formats a stream can carry: each is one Flink format (its identifier, whose own
 * options a table passes with that prefix) and one envelope content type.
 */
public enum MessageFormat {
    STRING("string", "raw", "text/plain"),
    JSON("json", "json", "application/json"),
    CSV("csv", "csv", "text/csv"),
    PB("pb", "pb", "application/x-protobuf");

    private final String name;
    private final String flinkFormat;
    private final String contentType;

    MessageFormat(String name, String flinkFormat, String contentType) {
        this.name = name;
        this.flinkFormat = flinkFormat;
        this.contentType = contentType;
    }

    /** The value of {@code vms.message-format}. */
    public String formatName() {
        return name;
    }

    /** The identifier of the Flink format that reads and writes the payload. */
    public String flinkFormat() {
        return flinkFormat;
    }

    /** The media type written into the envelope's content-type header. */
    public String contentType() {
        return contentType;
    }

    /**
     * Whether an envelope's content type names this format. Parameters ({@code ;charset=...},
     * {@code ;message=...}) and case are ignored.
     */
    public boolean matches(String contentTypeHeader) {
        return contentType.equals(mediaType(contentTypeHeader));
    }

    /** The media type of a content-type value, without parameters, in lower case. */
    public static String mediaType(String contentTypeHeader) {
        int semicolon = contentTypeHeader.indexOf(';');
        String type = semicolon < 0 ? contentTypeHeader : contentTypeHeader.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code name} ({@code string}, {@code json}, {@code csv} or {@code pb}). */
    public static MessageFormat of(String name) {
        for (MessageFormat f : values()) {
            if (f.name.equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "Unknown message format '"
                        + name
                        + "'; expected one of "
                        + Arrays.stream(values())
                                .map(MessageFormat::formatName)
                                .collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return name;
    }
}
