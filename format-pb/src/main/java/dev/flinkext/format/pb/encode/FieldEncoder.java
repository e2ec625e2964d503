package dev.flinkext.format.pb.encode;

import org.apache.flink.table.data.RowData;

/** Writes one column of a row as its field (tag and value), or nothing. */
interface FieldEncoder {

    void encode(RowData row, PbOutput out);
}
