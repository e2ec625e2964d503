package dev.flinkext.format.pb.decode;

import org.apache.flink.table.data.GenericRowData;

import com.google.protobuf.CodedInputStream;

import java.io.IOException;

/** Consumes one occurrence of a field (its tag already read) into the row being built. */
interface FieldDecoder {

    void decode(CodedInputStream in, int tag, GenericRowData row) throws IOException;

    /** The column's path, for error messages. */
    String path();

    /** The field's number, for error messages. */
    int fieldNumber();
}
