package dev.modelc.runtime;

/**
 * A deterministic, seeded random number generator (SplitMix64) whose streams are the same on
 * every JDK, so a model's initial parameters and batch order depend only on its seed.
 *
 * <p>Not thread-safe; give each thread its own instance.
 */
public final class Rng {

  /** The SplitMix64 increment: the odd integer closest to 2^64 divided by the golden ratio. */
  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  /** A generator whose stream is determined by {@code seed} alone. */
  public Rng(long seed) {
    this.state = seed;
  }

  /** The generator's whole state, so that a checkpoint can resume its stream exactly. */
  public long state() {
    return state;
  }

  /** Continues the stream from a state that {@link #state()} returned. */
  public void setState(long state) {
    this.state = state;
  }

  /** The next 64 uniformly distributed bits. */
  public long nextLong() {
    long z = (state += GAMMA);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1) built from the top 53 bits of {@link #nextLong()}. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * A uniform int in [0, bound), without modulo bias: draws that fall in the incomplete last
   * block of 31-bit values are rejected and drawn again.
   */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    int bits = (int) (nextLong() >>> 33);
    int r = bits % bound;
    // bits - r is the start of r's block; the block is complete when it ends at or below 2^31.
    while (bits - r + (bound - 1) < 0) {
      bits = (int) (nextLong() >>> 33);
      r = bits % bound;
    }
    return r;
  }

  /**
   * A standard normal value by the Box–Muller transform. Each call consumes exactly two
   * {@link #nextDouble()} draws and the second normal value is discarded, so the stream does not
   * depend on how calls interleave with other draws. StrictMath keeps results identical on
   * every JDK.
   */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // in (0, 1], so the logarithm is finite
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  /** Shuffles {@code a} in place by Fisher–Yates, walking from the last element down. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
