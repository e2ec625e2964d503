package dev.flinkext.connector.redis.config;

import dev.flinkext.connector.redis.config.RedisConnectorOptions.ValueFieldsInclude;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The rules of the one value a row stores (STRING value, LIST / SET / SORTED_SET member, COUNTER
 * amount, PUBLISH message, HASH field value with a field column): the row encoded by
 * 'value.format', the column 'value.column' names, or else the one column left over.
 */
final class ValueRules {

    private ValueRules() {}

    /**
     * Assigns the value of the draft's row.
     *
     * @param role what the value is, for messages (e.g. "the member")
     */
    static void apply(MappingDraft d, String role) {
        Optional<String> valueColumn = d.options.getOptional(RedisConnectorOptions.VALUE_COLUMN);
        if (d.hasValueFormat) {
            if (valueColumn.isPresent()) {
                throw d.fail(
                        "Options 'value.column' and 'value.format' exclude each other: the"
                                + " value is either one column or the encoded row.");
            }
            boolean exceptKey =
                    d.options.get(RedisConnectorOptions.VALUE_FIELDS_INCLUDE)
                            == ValueFieldsInclude.EXCEPT_KEY;
            d.valueFormatPositions =
                    IntStream.range(0, d.names.size())
                            .filter(i -> !exceptKey || !d.used.contains(i))
                            .toArray();
            if (d.valueFormatPositions.length == 0) {
                throw d.fail("'value.fields-include' = 'EXCEPT_KEY' leaves no column to encode.");
            }
            return;
        }
        if (d.options.getOptional(RedisConnectorOptions.VALUE_FIELDS_INCLUDE).isPresent()) {
            throw d.fail("Option 'value.fields-include' needs 'value.format'.");
        }
        if (valueColumn.isPresent()) {
            d.valuePosition = d.column(valueColumn.get(), RedisConnectorOptions.VALUE_COLUMN);
            if (d.used.contains(d.valuePosition)) {
                throw d.fail(
                        "Column '"
                                + valueColumn.get()
                                + "' (option 'value.column') already serves as key, field or"
                                + " score column.");
            }
        } else {
            List<Integer> left =
                    IntStream.range(0, d.names.size())
                            .filter(i -> !d.used.contains(i))
                            .boxed()
                            .toList();
            if (left.size() != 1) {
                throw d.fail(
                        "'data-type' = '"
                                + d.dataType
                                + "' stores one column as "
                                + role
                                + ", but "
                                + (left.isEmpty()
                                        ? "no column is left besides the key"
                                        : "columns "
                                                + left.stream().map(d.names::get).toList()
                                                + " are candidates")
                                + ": set 'value.column'"
                                + (d.dataType == RedisDataType.COUNTER
                                        ? "."
                                        : " or 'value.format'."));
            }
            d.valuePosition = left.get(0);
        }
        d.requireText(d.valuePosition, role);
    }
}
