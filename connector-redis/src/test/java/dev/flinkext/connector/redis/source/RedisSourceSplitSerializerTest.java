package dev.flinkext.connector.redis.source;

import dev.flinkext.common.source.SplitListSerializer;
import dev.flinkext.connector.redis.config.RedisAddress;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Split and enumerator state survive a checkpoint round trip. */
class RedisSourceSplitSerializerTest {

    @Test
    void splitAndEnumeratorStateRoundTrip() throws Exception {
        RedisSourceSplit split =
                new RedisSourceSplit(new RedisAddress("10.0.0.1", 7000), "1234", 17);
        RedisSourceSplitSerializer serializer = RedisSourceSplitSerializer.INSTANCE;
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split)))
                .isEqualTo(split);

        List<RedisSourceSplit> state =
                List.of(split, RedisSourceSplit.of(new RedisAddress("h", 1)));
        SplitListSerializer<RedisSourceSplit> enumerator =
                new SplitListSerializer<>("Redis", RedisSourceSplitSerializer.INSTANCE);
        assertThat(enumerator.deserialize(enumerator.getVersion(), enumerator.serialize(state)))
                .isEqualTo(state);
        assertThat(split.splitId()).isEqualTo("10.0.0.1:7000");
        assertThat(new RedisSourceSplit(split.node(), RedisSourceSplit.DONE, 0).isDone()).isTrue();
    }
}
