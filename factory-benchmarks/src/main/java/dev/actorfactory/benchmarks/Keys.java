package dev.actorfactory.benchmarks;

/** Pre-built keys, so that no system pays for boxing or string building on the measured path. */
final class Keys {

    static final int COUNT = 10_000;
    static final Integer[] BOXED = new Integer[COUNT];
    static final String[] STRINGS = new String[COUNT];

    static {
        for (int i = 0; i < COUNT; i++) {
            BOXED[i] = i;
            STRINGS[i] = Integer.toString(i);
        }
    }

    private Keys() {
    }

    /** The worker index a key-hashing baseline picks for key {@code i}. */
    static int workerFor(int i, int workers) {
        return Math.floorMod(BOXED[i].hashCode() * 0x9E3779B9, workers);
    }
}
