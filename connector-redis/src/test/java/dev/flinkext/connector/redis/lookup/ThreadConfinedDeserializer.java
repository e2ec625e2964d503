package dev.flinkext.connector.redis.lookup;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;

import java.io.IOException;

/**
 * A format's deserializer that fails when one instance decodes on two threads: formats such as json
 * are not thread-safe, so a reader that shares one across its read threads is wrong even when a
 * race does not show (CI once saw json's parser state mixed up by two lookup threads).
 */
final class ThreadConfinedDeserializer implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> format;
    private transient volatile Thread owner;

    ThreadConfinedDeserializer(DeserializationSchema<RowData> format) {
        this.format = format;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        format.open(context);
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        Thread current = Thread.currentThread();
        Thread first = owner;
        if (first == null) {
            owner = current;
        } else if (first != current) {
            throw new IllegalStateException(
                    "one deserializer used by threads '"
                            + first.getName()
                            + "' and '"
                            + current.getName()
                            + "'");
        }
        return format.deserialize(message);
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return format.getProducedType();
    }
}
