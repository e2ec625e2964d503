package dev.flinkext.lookup.format;

import org.apache.flink.util.InstantiationUtil;

import java.io.Serializable;

/**
 * One opened copy of a decoder per thread that decodes with it.
 *
 * <p>A connector's decoder usually wraps a format's {@code DeserializationSchema}, and those are
 * not thread-safe (json's keeps parser state between calls). Lookup reads run on several threads at
 * once ({@code lookup.read-threads}), and a FULL load reads its splits in parallel, so each of
 * those threads needs its own copy. Copies are made from the decoder as it was before {@link
 * #open}: serialized once, deserialized with the user-code class loader, then opened like the
 * first.
 *
 * @param <D> the decoder; serializable, opened by the {@link Opener} given to {@link #open}
 */
public final class PerThreadDecoder<D extends Serializable> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Opens one copy of the decoder (e.g. {@code d -> d.open(DecoderContexts.of(context))}). */
    @FunctionalInterface
    public interface Opener<D> {
        void open(D decoder) throws Exception;
    }

    private final D prototype;

    private transient byte[] unopened;
    private transient ClassLoader classLoader;
    private transient Opener<D> opener;
    private transient ThreadLocal<D> copies;

    public PerThreadDecoder(D prototype) {
        this.prototype = prototype;
    }

    /**
     * Opens the decoder for the calling thread (an error in its settings shows here, not on the
     * first read) and prepares copies for the others.
     *
     * @param classLoader the user-code class loader the copies are deserialized with
     */
    public void open(ClassLoader classLoader, Opener<D> opener) throws Exception {
        this.unopened = InstantiationUtil.serializeObject(prototype);
        this.classLoader = classLoader;
        this.opener = opener;
        opener.open(prototype);
        this.copies = ThreadLocal.withInitial(this::newCopy);
        copies.set(prototype);
    }

    /**
     * The calling thread's opened copy. Besides decoding, the first copy serves read-only questions
     * about the decoder's settings from any thread: see {@link #first()}.
     */
    public D get() {
        if (copies == null) {
            throw new IllegalStateException(prototype + " is used before it was opened");
        }
        return copies.get();
    }

    /** The copy opened by {@link #open}: for settings that never change, never for decoding. */
    public D first() {
        return prototype;
    }

    private D newCopy() {
        try {
            D copy = InstantiationUtil.deserializeObject(unopened, classLoader);
            opener.open(copy);
            return copy;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not open a copy of "
                            + prototype
                            + " for thread '"
                            + Thread.currentThread().getName()
                            + "': "
                            + e.getMessage(),
                    e);
        }
    }
}
