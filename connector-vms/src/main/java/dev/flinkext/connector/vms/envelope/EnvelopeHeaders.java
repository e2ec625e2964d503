package dev.flinkext.connector.vms.envelope;

/**
 * The Kafka header names of envelope version 1. Every value is UTF-8 text; see the module README
 * for the specification.
 */
public final class EnvelopeHeaders {

    /** Unique per message: a UUID unless the producer gives its own. */
    public static final String MESSAGE_ID = "vms-message-id";

    /** The application that produced the message. */
    public static final String APP = "vms-app";

    /** When the producer created the message: epoch milliseconds, in decimal. */
    public static final String PRODUCE_TIME = "vms-produce-time";

    /** The payload's media type, e.g. {@code application/json} (see {@link MessageFormat}). */
    public static final String CONTENT_TYPE = "vms-content-type";

    /** Optional: the trace the message belongs to, passed through unchanged. */
    public static final String TRACE_ID = "vms-trace-id";

    /** The envelope's version, {@value #CURRENT_VERSION} for this specification. */
    public static final String VERSION = "vms-envelope-version";

    public static final String CURRENT_VERSION = "1";

    private EnvelopeHeaders() {}
}
