package dev.flinkext.format.pb.decode;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Hand-made wire bytes, for layouts protobuf-java's builders never produce. */
final class WireBytes {

    /** What writes one message. */
    @FunctionalInterface
    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private WireBytes() {}

    static byte[] of(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * A length-delimited field (a nested message, a packed run) holding what {@code body} writes.
     */
    static void writeDelimited(CodedOutputStream out, int fieldNumber, Writer body)
            throws IOException {
        out.writeByteArray(fieldNumber, of(body));
    }
}
