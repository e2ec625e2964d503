package dev.flinkext.format.pb.decode;

/** What an unset field reads as: a constant (NULL included), or a fresh row of defaults. */
@FunctionalInterface
interface DefaultValue {

    DefaultValue NULL = new Constant(null);

    Object get();

    static DefaultValue constant(Object value) {
        return new Constant(value);
    }

    /** A value that can be shared by every row: a number, a string, NULL. */
    final class Constant implements DefaultValue {
        private final Object value;

        private Constant(Object value) {
            this.value = value;
        }

        @Override
        public Object get() {
            return value;
        }
    }
}
