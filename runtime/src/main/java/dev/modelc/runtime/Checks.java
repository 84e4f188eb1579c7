package dev.modelc.runtime;

/**
 * Argument checks shared by generated model classes, so that a wrong array or label fails at the
 * call with a message that names the example, rather than deep inside a kernel. The messages are
 * in {@link Messages}, so that checks on a training step allocate nothing.
 */
public final class Checks {
  private Checks() {}

  /** Checks that {@code x} holds n examples of {@code size} finite values each. */
  public static void inputs(float[] x, int n, int size) {
    rows(Messages.INPUTS, x == null ? -1 : x.length, n, size);
    finiteRows(Messages.INPUTS, x, n, size);
  }

  public static void inputs(double[] x, int n, int size) {
    rows(Messages.INPUTS, x == null ? -1 : x.length, n, size);
    finiteRows(Messages.INPUTS, x, n, size);
  }

  /** Checks that {@code y} holds n targets of {@code size} finite values each. */
  public static void targets(float[] y, int n, int size) {
    rows(Messages.TARGETS, y == null ? -1 : y.length, n, size);
    finiteRows(Messages.TARGETS, y, n, size);
  }

  public static void targets(double[] y, int n, int size) {
    rows(Messages.TARGETS, y == null ? -1 : y.length, n, size);
    finiteRows(Messages.TARGETS, y, n, size);
  }

  /** A NaN or infinite input would spread through a whole batch; it is refused, naming its place. */
  private static void finiteRows(int array, float[] values, int n, int size) {
    int i = Scan.firstNonFinite(values, 0, n * size);
    if (i >= 0) {
      throw new IllegalArgumentException(Messages.notFinite(array, i / size, i % size, values[i]));
    }
  }

  private static void finiteRows(int array, double[] values, int n, int size) {
    int i = Scan.firstNonFinite(values, 0, n * size);
    if (i >= 0) {
      throw new IllegalArgumentException(Messages.notFinite(array, i / size, i % size, values[i]));
    }
  }

  /** Checks that an output array has room for n examples of {@code size} values each. */
  public static void outputs(float[] out, int n, int size) {
    rows(Messages.OUTPUTS, out == null ? -1 : out.length, n, size);
  }

  public static void outputs(double[] out, int n, int size) {
    rows(Messages.OUTPUTS, out == null ? -1 : out.length, n, size);
  }

  /** Checks that each of the n class labels in {@code y} is a whole number in [0, classes). */
  public static void labels(float[] y, int n, int classes) {
    for (int b = 0; b < n; b++) {
      label(y[b], b, classes);
    }
  }

  public static void labels(double[] y, int n, int classes) {
    for (int b = 0; b < n; b++) {
      label(y[b], b, classes);
    }
  }

  private static void label(double value, int example, int classes) {
    if (!(value >= 0 && value < classes && value == Math.rint(value))) {
      throw new IllegalArgumentException(Messages.label(example, value, classes));
    }
  }

  /** Checks that an array of {@code length} (-1 for null) holds n rows of {@code size} values. */
  private static void rows(int array, int length, int n, int size) {
    if (n < 1 || length < 0 || length < (long) n * size) {
      throw new IllegalArgumentException(Messages.rows(array, length, n, size));
    }
  }

  /** Throws {@link NonFiniteException} naming the parameter of the first NaN or infinite value. */
  public static void finite(float[] values, java.util.List<ParameterInfo> info, String what, int epoch, long step) {
    int i = Scan.firstNonFinite(values, 0, values.length);
    if (i >= 0) {
      throw new NonFiniteException(nameAt(info, i), what, epoch, step);
    }
  }

  public static void finite(double[] values, java.util.List<ParameterInfo> info, String what, int epoch, long step) {
    int i = Scan.firstNonFinite(values, 0, values.length);
    if (i >= 0) {
      throw new NonFiniteException(nameAt(info, i), what, epoch, step);
    }
  }

  /**
   * After an optimizer step, when {@code rejected} is not negative (the first element whose new
   * value is not finite, see {@link Rejection}): throws {@link NonFiniteException}, once the step
   * has put its old values back. It names the first gradient that is not finite when there is one,
   * since that is the cause, and otherwise the parameter of element {@code rejected}.
   */
  public static void rejectStep(int rejected, float[] grads, java.util.List<ParameterInfo> info, int epoch, long step) {
    if (rejected >= 0) {
      finite(grads, info, Messages.gradient(), epoch, step);
      throw new NonFiniteException(nameAt(info, rejected), Messages.newValue(), epoch, step);
    }
  }

  public static void rejectStep(int rejected, double[] grads, java.util.List<ParameterInfo> info, int epoch, long step) {
    if (rejected >= 0) {
      finite(grads, info, Messages.gradient(), epoch, step);
      throw new NonFiniteException(nameAt(info, rejected), Messages.newValue(), epoch, step);
    }
  }

  /** The name of the parameter that holds element {@code index} of the flat parameter array. */
  static String nameAt(java.util.List<ParameterInfo> info, int index) {
    for (ParameterInfo p : info) {
      if (index >= p.offset() && index < p.offset() + p.size()) {
        return p.name();
      }
    }
    return Messages.unnamedParameter(index);
  }
}
