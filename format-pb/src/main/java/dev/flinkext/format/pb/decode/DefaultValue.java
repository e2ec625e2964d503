package dev.flinkext.format.pb.decode;

/** What an unset field reads as: a constant, NULL, or a fresh row of defaults. */
@FunctionalInterface
interface DefaultValue {

    DefaultValue NULL = () -> null;

    Object get();

    static DefaultValue constant(Object value) {
        return () -> value;
    }
}
