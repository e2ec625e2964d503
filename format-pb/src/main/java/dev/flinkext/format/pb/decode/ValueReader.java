package dev.flinkext.format.pb.decode;

import com.google.protobuf.CodedInputStream;

import java.io.IOException;

/** Reads one value (without its tag) from the wire as Flink internal data; never null. */
@FunctionalInterface
interface ValueReader {
    Object read(CodedInputStream in) throws IOException;
}
