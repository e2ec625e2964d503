package dev.flinkext.lookup.partition;

import dev.flinkext.lookup.config.LookupCoreOptions;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code lookup.shuffle.hot-keys} values as key rows' field values, for {@link HotKeySpreading}.
 */
public final class HotKeyValues {

    private HotKeyValues() {}

    /**
     * @param keyTypes the lookup key's types: one column of a string or integer type
     * @throws ValidationException naming the option, and the value or the key's type at fault
     */
    public static Set<List<Object>> parse(
            String tableName, List<LogicalType> keyTypes, List<String> values) {
        String option = LookupCoreOptions.SHUFFLE_HOT_KEYS.key();
        if (keyTypes.size() != 1) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' of table %s needs a lookup key of one column; this join"
                                    + " looks up by %d.",
                            option, tableName, keyTypes.size()));
        }
        LogicalType type = keyTypes.get(0);
        Set<List<Object>> keys = new LinkedHashSet<>();
        for (String value : values) {
            Object parsed;
            try {
                parsed =
                        switch (type.getTypeRoot()) {
                            case CHAR, VARCHAR -> value;
                            case TINYINT -> Byte.parseByte(value.strip());
                            case SMALLINT -> Short.parseShort(value.strip());
                            case INTEGER -> Integer.parseInt(value.strip());
                            case BIGINT -> Long.parseLong(value.strip());
                            default ->
                                    throw new ValidationException(
                                            String.format(
                                                    "Option '%s' of table %s needs a lookup key"
                                                            + " of a string or integer type, not"
                                                            + " %s.",
                                                    option, tableName, type.asSummaryString()));
                        };
            } catch (NumberFormatException e) {
                throw new ValidationException(
                        String.format(
                                "Invalid value for option '%s' of table %s: '%s' is not a %s.",
                                option, tableName, value, type.asSummaryString()),
                        e);
            }
            keys.add(List.of(parsed));
        }
        return keys;
    }
}
