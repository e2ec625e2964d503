package dev.flinkext.format.pb.decode;

import com.google.protobuf.CodedInputStream;

import java.io.IOException;

/** Reads one value (without its tag) from the wire as Flink internal data; never null. */
@FunctionalInterface
interface ValueReader {
    Object read(CodedInputStream in) throws IOException;

    /**
     * Reads another occurrence of a singular field whose earlier value is {@code previous}: scalars
     * replace it; messages override this to merge, as protobuf does.
     */
    default Object readMerging(CodedInputStream in, Object previous) throws IOException {
        return read(in);
    }

    /** A reader of a message-typed value: {@code previous} is null for a first occurrence. */
    @FunctionalInterface
    interface Merging {
        Object read(CodedInputStream in, Object previous) throws IOException;
    }

    static ValueReader merging(Merging merging) {
        return new ValueReader() {
            @Override
            public Object read(CodedInputStream in) throws IOException {
                return merging.read(in, null);
            }

            @Override
            public Object readMerging(CodedInputStream in, Object previous) throws IOException {
                return merging.read(in, previous);
            }
        };
    }
}
