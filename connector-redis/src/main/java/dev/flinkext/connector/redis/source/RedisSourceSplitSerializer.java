package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.config.RedisAddress;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Version 1: host, port, cursor, rows of the page emitted. */
public final class RedisSourceSplitSerializer
        implements SimpleVersionedSerializer<RedisSourceSplit> {

    public static final RedisSourceSplitSerializer INSTANCE = new RedisSourceSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(RedisSourceSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public RedisSourceSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown Redis split version " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    static void write(RedisSourceSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.node().host());
        out.writeInt(split.node().port());
        out.writeUTF(split.cursor());
        out.writeInt(split.emittedOfPage());
    }

    static RedisSourceSplit read(DataInputView in) throws IOException {
        return new RedisSourceSplit(
                new RedisAddress(in.readUTF(), in.readInt()), in.readUTF(), in.readInt());
    }
}
