package dev.flinkext.connector.vms.envelope;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The envelope of one message: what {@link EnvelopeHeaders} carry. Read from a record's headers,
 * every field may be null (a message from a producer that does not write the envelope, or a
 * malformed produce time).
 */
public record Envelope(
        @Nullable String messageId,
        @Nullable String app,
        @Nullable Long produceTimeMillis,
        @Nullable String contentType,
        @Nullable String traceId) {

    /** A new envelope for a message produced now by {@code app}, with a random message id. */
    public static Envelope create(String app, MessageFormat format, @Nullable String traceId) {
        return new Envelope(
                UUID.randomUUID().toString(),
                app,
                System.currentTimeMillis(),
                format.contentType(),
                traceId);
    }

    /**
     * Reads the envelope of a record (the last header of each name wins, as Kafka's lastHeader).
     */
    public static Envelope read(Headers headers) {
        return new Envelope(
                text(headers, EnvelopeHeaders.MESSAGE_ID),
                text(headers, EnvelopeHeaders.APP),
                millis(text(headers, EnvelopeHeaders.PRODUCE_TIME)),
                text(headers, EnvelopeHeaders.CONTENT_TYPE),
                text(headers, EnvelopeHeaders.TRACE_ID));
    }

    /** Adds this envelope's headers (the version, then every non-null field) to {@code headers}. */
    public void writeTo(Headers headers) {
        headers.add(EnvelopeHeaders.VERSION, utf8(EnvelopeHeaders.CURRENT_VERSION));
        add(headers, EnvelopeHeaders.MESSAGE_ID, messageId);
        add(headers, EnvelopeHeaders.APP, app);
        add(
                headers,
                EnvelopeHeaders.PRODUCE_TIME,
                produceTimeMillis == null ? null : Long.toString(produceTimeMillis));
        add(headers, EnvelopeHeaders.CONTENT_TYPE, contentType);
        add(headers, EnvelopeHeaders.TRACE_ID, traceId);
    }

    private static void add(Headers headers, String name, @Nullable String value) {
        if (value != null) {
            headers.add(name, utf8(value));
        }
    }

    @Nullable
    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null
                ? null
                : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Nullable
    private static Long millis(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
