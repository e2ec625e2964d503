package dev.flinkext.delayed.sql;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;

/** The SQL tests' set-up: a probe stream as a table with a watermark, and delayed_lookup. */
final class ProbeTables {

    private ProbeTables() {}

    /**
     * A table environment on {@code probe}'s environment where {@code probe} (rows with a {@code
     * ts} TIMESTAMP_LTZ(3)) is the view {@code probe}, watermark one second behind {@code ts}, and
     * {@code delayed_lookup} is declared as a user would, by class name.
     */
    static StreamTableEnvironment withProbe(DataStream<RowData> probe) {
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(probe.getExecutionEnvironment());
        tEnv.createTemporaryView(
                "probe",
                tEnv.fromDataStream(
                        probe,
                        Schema.newBuilder().watermark("ts", "ts - INTERVAL '1' SECOND").build()));
        tEnv.executeSql(
                "CREATE TEMPORARY FUNCTION delayed_lookup AS '"
                        + DelayedLookupTableFunction.class.getName()
                        + "'");
        return tEnv;
    }
}
