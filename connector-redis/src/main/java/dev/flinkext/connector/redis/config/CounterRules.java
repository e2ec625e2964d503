package dev.flinkext.connector.redis.config;

/**
 * COUNTER: each row adds one numeric column to the number under its key (no value format). Hash
 * counters follow {@link HashRules}.
 */
final class CounterRules {

    private CounterRules() {}

    static void apply(MappingDraft d) {
        d.refuseValueFormat();
        ValueRules.apply(d, "the amount");
        d.requireNumeric(d.valuePosition, "a counter amount");
    }
}
