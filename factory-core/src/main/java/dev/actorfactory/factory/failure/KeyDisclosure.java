package dev.actorfactory.factory.failure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a job's key appears in what the factory records and logs about it (failure records, warnings about failed,
 * crashed or stuck workers), for keys that may be personal data (a customer id, an e-mail address).
 */
public enum KeyDisclosure {
    /** The key's {@code toString()} (default). */
    PLAIN,
    /**
     * A stable digest of the key: {@code #} and the first 12 hex digits of the SHA-256 of its {@code toString()}.
     * The same key always shows the same digest, so an operator can still see that failures share a key.
     */
    HASHED,
    /** Not shown at all. */
    HIDDEN;

    /** The key as this disclosure shows it. */
    public String show(Object key) {
        return switch (this) {
            case PLAIN -> String.valueOf(key);
            case HASHED -> "#" + digest(String.valueOf(key));
            case HIDDEN -> "(hidden)";
        };
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException impossible) { // every JDK has SHA-256
            throw new IllegalStateException(impossible);
        }
    }
}
