package dev.flinkext.format.pb.decode;

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The message being decoded, copied once (on its first string) into an array only the rows see:
 * every string of the message is then a view of that copy, not an array, a segment and a wrapper of
 * its own. The caller's array is never referenced, so a reused input buffer cannot change rows.
 */
final class MessageBytes {

    /** Eight bytes at a time for the ASCII check. */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080808080808080L;

    private byte[] source;
    private int offset;
    private int length;
    private MemorySegment[] copy;

    /** The next message: bytes [offset, offset + length) of {@code source}. */
    void reset(byte[] source, int offset, int length) {
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.copy = null;
    }

    /**
     * Reads a string field's value at the stream's position (a stream over exactly this message);
     * when {@code utf8}, refuses bytes that are not UTF-8.
     */
    StringData readString(CodedInputStream in, boolean utf8) throws IOException {
        int size = in.readRawVarint32();
        int start = in.getTotalBytesRead();
        in.skipRawBytes(size); // checks the size against what is left
        if (copy == null) {
            copy =
                    new MemorySegment[] {
                        MemorySegmentFactory.wrap(
                                Arrays.copyOfRange(source, offset, offset + length))
                    };
        }
        byte[] bytes = copy[0].getArray();
        if (utf8) {
            checkUtf8(bytes, start, size);
        }
        return BinaryStringData.fromAddress(copy, start, size);
    }

    /** Fields protobuf checks must be UTF-8; ASCII (most strings) is checked 8 bytes at a time. */
    static void checkUtf8(byte[] bytes, int start, int size) throws PbDecodeException {
        int end = start + size;
        int i = start;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
                checkNonAscii(bytes, start, size);
                return;
            }
        }
        for (; i < end; i++) {
            if (bytes[i] < 0) {
                checkNonAscii(bytes, start, size);
                return;
            }
        }
    }

    private static void checkNonAscii(byte[] bytes, int start, int size) throws PbDecodeException {
        if (!UnsafeByteOperations.unsafeWrap(bytes, start, size).isValidUtf8()) {
            throw PbDecodeException.of(
                    "a string is not valid UTF-8 (protobuf requires it for this field)");
        }
    }
}
