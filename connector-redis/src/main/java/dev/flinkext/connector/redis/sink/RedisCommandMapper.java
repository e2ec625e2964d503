package dev.flinkext.connector.redis.sink;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Turns a changelog row into the Redis commands that apply it (one mapper per data type, see {@link
 * RedisCommandMappers}). DataStream users may write their own.
 *
 * <p>Serialized into the job; {@link #open} runs on the task manager before the first row.
 */
public interface RedisCommandMapper extends Serializable {

    /** Prepares encoders; {@code context} initialises value formats. */
    default void open(SerializationSchema.InitializationContext context) throws Exception {}

    /**
     * Emits the commands for {@code row} according to its {@link org.apache.flink.types.RowKind};
     * emits nothing when the row kind needs no write. Must not keep {@code row} (it may be reused).
     */
    void map(RowData row, Consumer<RedisCommand> out);

    /**
     * Whether a row's commands all work on one key and set that key's whole state, so that while
     * rows wait in the sink's buffer, a later row of the key replaces the earlier one (STRING, HASH
     * with one field per column). Increments, list pushes and messages never reduce.
     */
    default boolean reducesByKey() {
        return false;
    }
}
