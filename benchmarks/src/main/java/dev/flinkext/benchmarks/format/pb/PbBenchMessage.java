package dev.flinkext.benchmarks.format.pb;

import dev.flinkext.benchmarks.format.pb.proto.Address;
import dev.flinkext.benchmarks.format.pb.proto.Customer;
import dev.flinkext.benchmarks.format.pb.proto.FlatEvent;
import dev.flinkext.benchmarks.format.pb.proto.GeoPoint;
import dev.flinkext.benchmarks.format.pb.proto.LineItem;
import dev.flinkext.benchmarks.format.pb.proto.Order;
import dev.flinkext.benchmarks.format.pb.proto.Status;
import dev.flinkext.benchmarks.format.pb.proto.WideRecord;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The messages of {@link PbFormatBenchmark} (compiled from {@code src/main/proto} by protoc), their
 * seeded random data and the row type both formats read and write them as.
 */
enum PbBenchMessage {
    /** 12 scalar fields of mixed types, all set. */
    FLAT(FlatEvent.getDescriptor()) {
        @Override
        Message generate(SplittableRandom random) {
            return FlatEvent.newBuilder()
                    .setEventId(random.nextLong(1, 1L << 40))
                    .setUserId("u-" + text(random, 8, 8))
                    .setSessionId(hex(random, 32))
                    .setPageId(random.nextInt(1, 5000))
                    .setUrl("https://shop.example.com/" + text(random, 10, 40))
                    .setTsMillis(1_700_000_000_000L + random.nextLong(10_000_000_000L))
                    .setAmount(random.nextDouble() * 1000)
                    .setScore((float) random.nextDouble())
                    .setLoggedIn(random.nextBoolean())
                    .setStatus(STATUSES[random.nextInt(STATUSES.length)])
                    .setDelta(random.nextLong(-100_000, 100_000))
                    .setCountry(COUNTRIES[random.nextInt(COUNTRIES.length)])
                    .build();
        }
    },

    /**
     * Order.customer.address.geo (3 levels below the row; each level is sometimes unset), a
     * repeated message, a repeated int64 and a map&lt;string, string&gt; (each sometimes empty).
     */
    NESTED(Order.getDescriptor()) {
        @Override
        Message generate(SplittableRandom random) {
            Order.Builder order =
                    Order.newBuilder()
                            .setOrderId(random.nextLong(1, 1L << 40))
                            .setCreatedAt(1_700_000_000_000L + random.nextLong(10_000_000_000L))
                            .setStatus(STATUSES[random.nextInt(STATUSES.length)]);
            if (random.nextInt(10) > 0) {
                Customer.Builder customer =
                        Customer.newBuilder()
                                .setCustomerId(random.nextLong(1, 10_000_000))
                                .setName(text(random, 5, 20))
                                .setEmail(text(random, 5, 12) + "@example.com");
                if (random.nextInt(20) > 2) {
                    Address.Builder address =
                            Address.newBuilder()
                                    .setStreet(random.nextInt(1, 999) + " " + text(random, 5, 25))
                                    .setCity(text(random, 4, 15))
                                    .setZip(Integer.toString(random.nextInt(10_000, 99_999)));
                    if (random.nextInt(5) > 0) {
                        address.setGeo(
                                GeoPoint.newBuilder()
                                        .setLat(random.nextDouble(-90, 90))
                                        .setLon(random.nextDouble(-180, 180)));
                    }
                    customer.setAddress(address);
                }
                order.setCustomer(customer);
            }
            int items = random.nextInt(1, 6);
            for (int i = 0; i < items; i++) {
                order.addItems(
                        LineItem.newBuilder()
                                .setSku("SKU-" + hex(random, 8))
                                .setQuantity(random.nextInt(1, 11))
                                .setPriceCents(random.nextLong(100, 100_000))
                                .setDiscount(
                                        random.nextBoolean() ? 0 : random.nextDouble(0.05, 0.3)));
            }
            int tags = random.nextInt(9);
            for (int i = 0; i < tags; i++) {
                order.addTagIds(random.nextLong(1, 1L << 32));
            }
            int attributes = random.nextInt(5);
            for (int i = 0; i < attributes; i++) {
                order.putAttributes(
                        ATTRIBUTE_KEYS[random.nextInt(ATTRIBUTE_KEYS.length)], text(random, 3, 16));
            }
            return order.build();
        }
    },

    /** 30 fields; the data sets {@code id} and 2-4 others, the rest stay at their defaults. */
    DEFAULTS(WideRecord.getDescriptor()) {
        @Override
        Message generate(SplittableRandom random) {
            WideRecord.Builder record = WideRecord.newBuilder().setId(random.nextLong(1, 1L << 40));
            List<FieldDescriptor> fields = new ArrayList<>(descriptor().getFields());
            fields.remove(0); // id
            int set = random.nextInt(2, 5);
            for (int i = 0; i < set; i++) {
                FieldDescriptor field = fields.remove(random.nextInt(fields.size()));
                record.setField(field, nonDefaultValue(field, random));
            }
            return record.build();
        }
    };

    private static final Status[] STATUSES = {
        Status.ACTIVE, Status.SUSPENDED, Status.DELETED, Status.STATUS_UNSPECIFIED
    };
    private static final String[] COUNTRIES = {"DE", "US", "FR", "JP", "BR", "IN", "GB", "CN"};
    private static final String[] ATTRIBUTE_KEYS = {
        "channel", "campaign", "coupon", "device", "locale", "referrer"
    };
    private static final String ALPHANUMERIC =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    private static final String[] NON_ASCII = {"ü", "é", "ß", "東京", "😀"};

    private final Descriptor descriptor;

    PbBenchMessage(Descriptor descriptor) {
        this.descriptor = descriptor;
    }

    /** One random message; every call gives another one. */
    abstract Message generate(SplittableRandom random);

    Descriptor descriptor() {
        return descriptor;
    }

    String messageClassName() {
        return "dev.flinkext.benchmarks.format.pb.proto." + descriptor.getName();
    }

    /**
     * The row type a user declares for the message in DDL: every field by its proto name, enums as
     * STRING, nested messages as ROW, repeated as ARRAY, maps as MAP; flink-protobuf's and our
     * mapping agree on all of it (the messages have no unsigned or well-known-type fields).
     */
    RowType rowType() {
        return (RowType) rowDataType(descriptor).getLogicalType();
    }

    private static DataType rowDataType(Descriptor descriptor) {
        List<DataTypes.Field> fields = new ArrayList<>();
        for (FieldDescriptor field : descriptor.getFields()) {
            fields.add(DataTypes.FIELD(field.getName(), dataType(field)));
        }
        return DataTypes.ROW(fields.toArray(new DataTypes.Field[0]));
    }

    private static DataType dataType(FieldDescriptor field) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return DataTypes.MAP(
                    elementType(entry.findFieldByName("key")),
                    elementType(entry.findFieldByName("value")));
        }
        return field.isRepeated() ? DataTypes.ARRAY(elementType(field)) : elementType(field);
    }

    private static DataType elementType(FieldDescriptor field) {
        switch (field.getType()) {
            case INT32:
            case SINT32:
            case SFIXED32:
                return DataTypes.INT();
            case INT64:
            case SINT64:
            case SFIXED64:
                return DataTypes.BIGINT();
            case FLOAT:
                return DataTypes.FLOAT();
            case DOUBLE:
                return DataTypes.DOUBLE();
            case BOOL:
                return DataTypes.BOOLEAN();
            case STRING:
            case ENUM:
                return DataTypes.STRING();
            case BYTES:
                return DataTypes.BYTES();
            case MESSAGE:
                return rowDataType(field.getMessageType());
            default:
                throw new IllegalArgumentException(
                        field.getFullName()
                                + ": "
                                + field.getType()
                                + " is mapped differently by flink-protobuf, keep it out of the"
                                + " benchmark messages");
        }
    }

    private static Object nonDefaultValue(FieldDescriptor field, SplittableRandom random) {
        switch (field.getType()) {
            case INT32:
            case SINT32:
                return random.nextInt(1, 1_000_000) * (random.nextBoolean() ? 1 : -1);
            case INT64:
                return random.nextLong(1, 1L << 50);
            case STRING:
                return text(random, 3, 24);
            case DOUBLE:
                return random.nextDouble(1, 1000);
            case FLOAT:
                return (float) random.nextDouble(1, 1000);
            case BOOL:
                return true;
            case ENUM:
                EnumDescriptor type = field.getEnumType();
                return type.getValues().get(random.nextInt(1, type.getValues().size()));
            default:
                throw new IllegalArgumentException(field.getFullName() + ": " + field.getType());
        }
    }

    /** lo..hi ASCII characters; one string in ten also carries a non-ASCII part. */
    private static String text(SplittableRandom random, int lo, int hi) {
        int length = lo == hi ? lo : random.nextInt(lo, hi + 1);
        StringBuilder text = new StringBuilder(length + 4);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        if (random.nextInt(10) == 0) {
            text.append(NON_ASCII[random.nextInt(NON_ASCII.length)]);
        }
        return text.toString();
    }

    private static String hex(SplittableRandom random, int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
