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
        return new PbDecodeException(reasonOf(cause), field.path(), field.fieldNumber(), cause);
    }

    /** What went wrong, without a trailing period (the caller appends where). */
    static String reasonOf(Throwable cause) {
        if (cause instanceof PbDecodeException) {
            return cause.getMessage();
        }
        String text =
                cause instanceof IOException && cause.getMessage() != null
                        ? cause.getMessage().trim() // protobuf's own wording is self-explanatory
                        : cause.toString();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** " in field 'a.b' (#3)", or "" when the failure was between fields. */
    String where() {
        return path == null ? "" : " in field '" + path + "' (#" + fieldNumber + ")";
    }
}
