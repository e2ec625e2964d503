package dev.flinkext.connector.redis.sink;

import dev.flinkext.sink.writer.EntryTraits;

/** What sink-core needs to know of a {@link RedisCommand} to buffer and retry it in order. */
enum RedisEntryTraits implements EntryTraits<RedisCommand> {
    INSTANCE;

    @Override
    public Object keyOf(RedisCommand command) {
        return new KeyBytes(command.key());
    }

    @Override
    public long sizeInBytes(RedisCommand command) {
        return command.sizeInBytes();
    }

    @Override
    public boolean isIdempotent(RedisCommand command) {
        return command.replay() == RedisCommand.Replay.IDEMPOTENT;
    }

    @Override
    public boolean isCommutative(RedisCommand command) {
        return command.replay() == RedisCommand.Replay.COMMUTATIVE;
    }

    @Override
    public String describeKey(RedisCommand command) {
        return command.keyText();
    }
}
