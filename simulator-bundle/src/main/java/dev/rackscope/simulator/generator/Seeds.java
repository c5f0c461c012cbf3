package dev.rackscope.simulator.generator;

import java.util.SplittableRandom;

/**
 * Every random draw of the generator comes from a generator seeded by (base seed, entity, tick key,
 * purpose), never from state left over by an earlier draw: with a fixed seed, two runs over the same
 * topology produce the same series (the original does not, §6.15).
 */
final class Seeds {

    static final long INCIDENTS = 1;
    static final long SLURM = 2;
    static final long NODE = 3;
    static final long COUNTERS = 4;
    static final long COOLING = 5;
    static final long PDU = 6;
    static final long PARTITION = 7;
    static final long STORAGE = 8;

    private Seeds() {
    }

    /** A stable 64-bit hash of a string (FNV-1a over UTF-16 code units), the same in every JVM. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser: spreads the bits of {@code z}. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The generator for one entity (by its {@link #hash}), one tick key and one purpose. */
    static SplittableRandom rng(long base, long entityHash, long tickKey, long purpose) {
        long s = mix(base + 0x9e3779b97f4a7c15L * purpose);
        s = mix(s ^ entityHash);
        s = mix(s ^ (tickKey * 0xc2b2ae3d27d4eb4fL + 0x165667b19e3779f9L));
        return new SplittableRandom(s);
    }

    /** A uniform draw in [a, b). */
    static double uniform(SplittableRandom rng, double a, double b) {
        return a + (b - a) * rng.nextDouble();
    }

    /** Python's {@code randint(a, b)}: a uniform integer in [a, b]. */
    static int randint(SplittableRandom rng, int a, int b) {
        return a + rng.nextInt(b - a + 1);
    }
}
