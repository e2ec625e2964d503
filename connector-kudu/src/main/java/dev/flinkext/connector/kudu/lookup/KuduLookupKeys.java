package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;

/**
 * The layout of a lookup's key rows: which DDL column each key part is (physical positions, in the
 * order of the join condition). Serializable; {@link #converter()} builds the per-instance part.
 */
final class KuduLookupKeys implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<KuduColumnMapping> parts;

    private KuduLookupKeys(List<KuduColumnMapping> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * @param keyColumns physical positions of the key parts, in key-row order
     */
    static KuduLookupKeys of(KuduTableMapping mapping, int[] keyColumns) {
        if (keyColumns.length == 0) {
            throw new IllegalArgumentException(
                    "A lookup of Kudu table '" + mapping.tableName() + "' needs a key column");
        }
        KuduColumnMapping[] parts = new KuduColumnMapping[keyColumns.length];
        for (int i = 0; i < keyColumns.length; i++) {
            parts[i] = mapping.columns().get(keyColumns[i]);
        }
        return new KuduLookupKeys(List.of(parts));
    }

    List<KuduColumnMapping> parts() {
        return parts;
    }

    int[] physicalPositions() {
        return parts.stream().mapToInt(KuduColumnMapping::position).toArray();
    }

    Converter converter() {
        return new Converter(parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduLookupKeys that && parts.equals(that.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** Reads key rows of any {@link RowData} kind; one per reader instance. */
    static final class Converter {
        private final RowData.FieldGetter[] getters;
        private final KuduPredicateValue[] values;

        private Converter(List<KuduColumnMapping> parts) {
            getters = new RowData.FieldGetter[parts.size()];
            values = new KuduPredicateValue[parts.size()];
            for (int i = 0; i < getters.length; i++) {
                getters[i] = RowData.createFieldGetter(parts.get(i).flinkType(), i);
                values[i] = KuduPredicateValue.of(parts.get(i));
            }
        }

        /**
         * The key as a {@link GenericRowData}, equal to the key {@link KuduScanColumns.Decoder}
         * decodes from a matching row (a BinaryRowData key never equals a GenericRowData).
         */
        GenericRowData normalize(RowData key) {
            GenericRowData normalized = new GenericRowData(getters.length);
            for (int i = 0; i < getters.length; i++) {
                normalized.setField(i, getters[i].getFieldOrNull(key));
            }
            return normalized;
        }

        /**
         * The predicate values of a normalized key, or null when no Kudu row can match it (a NULL
         * part: Kudu's {@code =} and {@code IN} never match NULL, and neither does a join; or a
         * value the column cannot hold).
         */
        @Nullable
        Object[] predicateValues(GenericRowData normalized) {
            Object[] out = new Object[getters.length];
            for (int i = 0; i < out.length; i++) {
                Object flink = normalized.getField(i);
                if (flink == null) {
                    return null;
                }
                out[i] = values[i].of(flink);
                if (out[i] == null) {
                    return null;
                }
            }
            return out;
        }
    }
}
