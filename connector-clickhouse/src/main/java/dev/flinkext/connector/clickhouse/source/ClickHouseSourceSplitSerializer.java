package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Version 1: split id, the replicas (count, then secure/host/port each), table, partition id
 * (presence flag, then the id), rows emitted.
 */
public final class ClickHouseSourceSplitSerializer
        implements SimpleVersionedSerializer<ClickHouseSourceSplit> {

    public static final ClickHouseSourceSplitSerializer INSTANCE =
            new ClickHouseSourceSplitSerializer();

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ClickHouseSourceSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeUTF(split.splitId());
        out.writeInt(split.replicas().size());
        for (ClickHouseEndpoint endpoint : split.replicas()) {
            out.writeBoolean(endpoint.secure());
            out.writeUTF(endpoint.host());
            out.writeInt(endpoint.port());
        }
        out.writeUTF(split.table());
        out.writeBoolean(split.partitionId().isPresent());
        if (split.partitionId().isPresent()) {
            out.writeUTF(split.partitionId().get());
        }
        out.writeLong(split.rowsEmitted());
        return out.getCopyOfBuffer();
    }

    @Override
    public ClickHouseSourceSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Unknown ClickHouse split version "
                            + version
                            + " (this build reads "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String id = in.readUTF();
        int n = in.readInt();
        List<ClickHouseEndpoint> replicas = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replicas.add(new ClickHouseEndpoint(in.readBoolean(), in.readUTF(), in.readInt()));
        }
        String table = in.readUTF();
        Optional<String> partition =
                in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
        return new ClickHouseSourceSplit(id, replicas, table, partition, in.readLong());
    }
}
