package dev.flinkext.connector.vms.registry;

/** A stream that the registry consulted does not list; the message names the registry. */
public final class UnknownStreamException extends RuntimeException {

    public UnknownStreamException(String message) {
        super(message);
    }
}
