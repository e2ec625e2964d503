package dev.flinkext.connector.redis.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The enumerator's state: the splits not yet handed out. */
final class RedisEnumeratorStateSerializer
        implements SimpleVersionedSerializer<List<RedisSourceSplit>> {

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(List<RedisSourceSplit> splits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeInt(splits.size());
        for (RedisSourceSplit split : splits) {
            RedisSourceSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public List<RedisSourceSplit> deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown Redis enumerator state version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int n = in.readInt();
        List<RedisSourceSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            splits.add(RedisSourceSplitSerializer.read(in));
        }
        return splits;
    }
}
