package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.mapping.FieldText;
import dev.flinkext.connector.redis.mapping.NumericField;

import org.apache.flink.table.data.RowData;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * HASH_COUNTER: HINCRBY (HINCRBYFLOAT for non-integral columns) of each amount, into the field
 * named by the field column or, without one, into one field per numeric column;
 * DELETE/UPDATE_BEFORE subtract. Null amounts add nothing.
 */
final class HashCounterCommandMapper extends TableCommandMapper {

    private static final long serialVersionUID = 1L;

    private transient FieldText.Encoder fieldName;
    private transient byte[][] fields;
    private transient NumericField[] amounts;

    HashCounterCommandMapper(RedisTableMapping mapping) {
        super(mapping, null);
    }

    @Override
    void openFields() {
        if (mapping.fieldPosition() >= 0) {
            fieldName =
                    FieldText.encoder(
                            mapping.columnTypes().get(mapping.fieldPosition()),
                            mapping.fieldPosition());
            amounts =
                    new NumericField[] {
                        new NumericField(
                                mapping.columnTypes().get(mapping.valuePosition()),
                                mapping.valuePosition())
                    };
            return;
        }
        int[] positions = mapping.hashFieldPositions();
        fields = new byte[positions.length][];
        amounts = new NumericField[positions.length];
        for (int i = 0; i < positions.length; i++) {
            fields[i] = mapping.columnName(positions[i]).getBytes(StandardCharsets.UTF_8);
            amounts[i] = new NumericField(mapping.columnTypes().get(positions[i]), positions[i]);
        }
    }

    @Override
    public void map(RowData row, Consumer<RedisCommand> out) {
        byte[] key = keys.encode(row);
        boolean adds = adds(row);
        for (int i = 0; i < amounts.length; i++) {
            NumericField amount = amounts[i];
            if (amount.isNull(row)) {
                continue;
            }
            byte[] field = fieldName != null ? fieldName.encode(row) : fields[i];
            if (amount.isIntegral()) {
                long value = amount.longValue(row);
                out.accept(RedisCommand.hincrBy(key, field, adds ? value : -value));
            } else {
                double value = amount.doubleValue(row);
                out.accept(RedisCommand.hincrByFloat(key, field, adds ? value : -value));
            }
        }
    }
}
