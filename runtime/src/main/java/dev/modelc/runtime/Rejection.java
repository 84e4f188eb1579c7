package dev.modelc.runtime;

/**
 * The first element whose new value an optimizer step rejects: NaN or infinite. Each range of the
 * step ({@link Parallel#forRange}) scans the values it has just stored, while they are still in
 * the cache, on whichever thread ran it; the step then asks for the first element any range found.
 * A generated model makes one and keeps it, so that steps allocate nothing.
 */
public final class Rejection {
  /** The least element found since {@link #reset}, or -1. */
  private int first = -1;

  /** Forgets what an earlier step found. */
  public synchronized void reset() {
    first = -1;
  }

  /** Scans {@code values} from {@code from} to {@code to} for a value that is NaN or infinite. */
  public void scan(float[] values, int from, int to) {
    int i = Scan.firstNonFinite(values, from, to);
    if (i >= 0) {
      found(i);
    }
  }

  public void scan(double[] values, int from, int to) {
    int i = Scan.firstNonFinite(values, from, to);
    if (i >= 0) {
      found(i);
    }
  }

  /** The first element any scan found since {@link #reset}, or -1 when none did. */
  public synchronized int first() {
    return first;
  }

  private synchronized void found(int i) {
    if (first < 0 || i < first) {
      first = i;
    }
  }
}
