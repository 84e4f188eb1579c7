package dev.modelc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Scan} on the Vector API. x - x is 0 for a finite x and NaN for NaN and the infinities,
 * and a NaN stays in a sum: so each block of values is folded into one vector of such
 * differences, tested once, and only a block that holds a non-finite value is searched again
 * value by value for its first.
 *
 * <p>The test is a comparison of the sum with itself (only NaN differs from itself), not
 * {@code test(IS_NAN)}: JDK 17 computes that one through integral views of the lanes, which C2
 * does not always compile to registers; a training step's scans then allocated about 150 bytes
 * per block.
 */
final class VectorScan {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /** Values folded before each test: a multiple of every vector length. */
  private static final int BLOCK = 256;

  private VectorScan() {}

  static int firstNonFinite(float[] a, int from, int to) {
    int i = from;
    for (; i + BLOCK <= to; i += BLOCK) {
      FloatVector acc = FloatVector.zero(F);
      for (int j = i; j < i + BLOCK; j += F.length()) {
        FloatVector v = FloatVector.fromArray(F, a, j);
        acc = acc.add(v.sub(v));
      }
      if (acc.compare(VectorOperators.NE, acc).anyTrue()) {
        return Scan.plain(a, i, i + BLOCK);
      }
    }
    return Scan.plain(a, i, to);
  }

  static int firstNonFinite(double[] a, int from, int to) {
    if (D.length() < 4) {
      // Vectors of two doubles (128 bits): C2 on x86 does not compile the test of their mask
      // to registers, and each block allocated; the plain scan allocates nothing.
      return Scan.plain(a, from, to);
    }
    int i = from;
    for (; i + BLOCK <= to; i += BLOCK) {
      DoubleVector acc = DoubleVector.zero(D);
      for (int j = i; j < i + BLOCK; j += D.length()) {
        DoubleVector v = DoubleVector.fromArray(D, a, j);
        acc = acc.add(v.sub(v));
      }
      if (acc.compare(VectorOperators.NE, acc).anyTrue()) {
        return Scan.plain(a, i, i + BLOCK);
      }
    }
    return Scan.plain(a, i, to);
  }
}
