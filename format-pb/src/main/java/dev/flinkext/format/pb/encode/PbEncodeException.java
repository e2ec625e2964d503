package dev.flinkext.format.pb.encode;

/** A column value protobuf cannot hold, with the column it came from. */
public final class PbEncodeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final boolean located;

    private PbEncodeException(String message, Throwable cause, boolean located) {
        super(message, cause);
        this.located = located;
    }

    static PbEncodeException of(String message) {
        return new PbEncodeException(message, null, false);
    }

    /** The same failure, naming the message being written. */
    PbEncodeException forMessage(String messageName) {
        return new PbEncodeException(
                "Cannot encode a row as protobuf message '" + messageName + "': " + getMessage(),
                this,
                true);
    }

    /** Names the column of a failure, unless a deeper column already did. */
    static PbEncodeException inColumn(String path, String field, RuntimeException cause) {
        if (cause instanceof PbEncodeException && ((PbEncodeException) cause).located) {
            return (PbEncodeException) cause;
        }
        return new PbEncodeException(
                "Cannot write column '"
                        + path
                        + "' to protobuf field '"
                        + field
                        + "': "
                        + cause.getMessage(),
                cause,
                true);
    }
}
