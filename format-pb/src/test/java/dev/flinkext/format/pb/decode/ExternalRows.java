package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

import com.google.protobuf.Message;

/** Decodes protobuf bytes and turns the row into Flink's external {@link Row} for assertions. */
final class ExternalRows {

    private ExternalRows() {}

    static Row decode(Class<?> messageClass, DataType rowType, byte[] bytes) throws Exception {
        return decode(messageClass, rowType, PbFormatConfig.defaults(), bytes);
    }

    static Row decode(Class<?> messageClass, DataType rowType, Message message) throws Exception {
        return decode(messageClass, rowType, message.toByteArray());
    }

    static Row decode(Class<?> messageClass, DataType rowType, PbFormatConfig config, byte[] bytes)
            throws Exception {
        RowData row = PbTestSchemas.decoder(messageClass, rowType, config).deserialize(bytes);
        return toExternal(rowType, row);
    }

    static Row toExternal(DataType rowType, RowData row) {
        @SuppressWarnings("unchecked")
        DataStructureConverter<Object, Object> converter =
                (DataStructureConverter<Object, Object>)
                        (DataStructureConverter<?, ?>)
                                DataStructureConverters.getConverter(rowType);
        converter.open(ExternalRows.class.getClassLoader());
        return (Row) converter.toExternal(row);
    }
}
