package dev.flinkext.format.pb.decode;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.Arrays;

/**
 * The elements of a repeated field collected while its message is read. Numbers and booleans end up
 * in primitive arrays: protobuf elements are never NULL, and Flink's {@code toLongArray()} and
 * friends only work on those.
 */
final class ElementList {

    /** Which array an ARRAY column's data is built on. */
    enum Kind {
        INT,
        LONG,
        FLOAT,
        DOUBLE,
        BOOLEAN,
        OBJECT;

        static Kind of(LogicalType element) {
            switch (element.getTypeRoot()) {
                case INTEGER:
                    return INT;
                case BIGINT:
                    return LONG;
                case FLOAT:
                    return FLOAT;
                case DOUBLE:
                    return DOUBLE;
                case BOOLEAN:
                    return BOOLEAN;
                default:
                    return OBJECT;
            }
        }

        GenericArrayData empty() {
            return new ElementList(this).toArrayData();
        }
    }

    private final Kind kind;
    private Object[] elements = new Object[8];
    private int size;

    ElementList(Kind kind) {
        this.kind = kind;
    }

    /** A list holding a finished array's elements, to append to. */
    static ElementList of(Kind kind, GenericArrayData array) {
        ElementList list = new ElementList(kind);
        Object[] elements;
        switch (kind) {
            case INT:
                elements = Arrays.stream(array.toIntArray()).boxed().toArray();
                break;
            case LONG:
                elements = Arrays.stream(array.toLongArray()).boxed().toArray();
                break;
            case DOUBLE:
                elements = Arrays.stream(array.toDoubleArray()).boxed().toArray();
                break;
            case FLOAT:
                float[] floats = array.toFloatArray();
                elements = new Object[floats.length];
                for (int i = 0; i < floats.length; i++) {
                    elements[i] = floats[i];
                }
                break;
            case BOOLEAN:
                boolean[] booleans = array.toBooleanArray();
                elements = new Object[booleans.length];
                for (int i = 0; i < booleans.length; i++) {
                    elements[i] = booleans[i];
                }
                break;
            default:
                elements = array.toObjectArray();
        }
        for (Object element : elements) {
            list.add(element);
        }
        return list;
    }

    void add(Object element) {
        if (size == elements.length) {
            elements = Arrays.copyOf(elements, size * 2);
        }
        elements[size++] = element;
    }

    GenericArrayData toArrayData() {
        switch (kind) {
            case INT:
                int[] ints = new int[size];
                for (int i = 0; i < size; i++) {
                    ints[i] = (Integer) elements[i];
                }
                return new GenericArrayData(ints);
            case LONG:
                long[] longs = new long[size];
                for (int i = 0; i < size; i++) {
                    longs[i] = (Long) elements[i];
                }
                return new GenericArrayData(longs);
            case FLOAT:
                float[] floats = new float[size];
                for (int i = 0; i < size; i++) {
                    floats[i] = (Float) elements[i];
                }
                return new GenericArrayData(floats);
            case DOUBLE:
                double[] doubles = new double[size];
                for (int i = 0; i < size; i++) {
                    doubles[i] = (Double) elements[i];
                }
                return new GenericArrayData(doubles);
            case BOOLEAN:
                boolean[] booleans = new boolean[size];
                for (int i = 0; i < size; i++) {
                    booleans[i] = (Boolean) elements[i];
                }
                return new GenericArrayData(booleans);
            default:
                return new GenericArrayData(Arrays.copyOf(elements, size));
        }
    }
}
