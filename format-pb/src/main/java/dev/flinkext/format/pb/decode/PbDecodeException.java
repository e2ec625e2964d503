package dev.flinkext.format.pb.decode;

import java.io.IOException;

/** Bad bytes, with the innermost field being read when they were found. */
final class PbDecodeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final int fieldNumber;

    private PbDecodeException(String message, String path, int fieldNumber, Throwable cause) {
        super(message, cause);
        this.path = path;
        this.fieldNumber = fieldNumber;
    }

    static PbDecodeException of(String message) {
        return new PbDecodeException(message, null, 0, null);
    }

    /** Attaches the field to a failure, unless a deeper field already did. */
    static PbDecodeException inField(FieldDecoder field, Throwable cause) {
        if (cause instanceof PbDecodeException && ((PbDecodeException) cause).path != null) {
            return (PbDecodeException) cause;
        }
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return new PbDecodeException(reason, field.path(), field.fieldNumber(), cause);
    }

    String reason() {
        return getMessage();
    }

    /** " in field 'a.b' (#3)", or "" when the failure was between fields. */
    String where() {
        return path == null ? "" : " in field '" + path + "' (#" + fieldNumber + ")";
    }
}
