package dev.modelc.runtime;

/**
 * The text of the messages of {@link Gemm} (with {@link GemmThreads}), {@link Dataset} and
 * {@link Checks}, the classes that generated training steps call.
 *
 * <p>Those classes hold no text of their own that only a failure or a rare call would use,
 * because of how HotSpot compiles: before it queues a method for C2, it resolves every string
 * constant in the constant pool of the method's class, on the thread that made the method hot,
 * and resolving a string allocates it. So a message there would be allocated by whichever
 * training step first made one of that class's methods hot enough for C2, which may be long after
 * the step has been warm in every other way. Text here is resolved only by a call that needs it.
 */
final class Messages {

  /** Which array {@link #rows} names: the inputs, the targets or the output array. */
  static final int INPUTS = 0;
  static final int TARGETS = 1;
  static final int OUTPUTS = 2;

  private Messages() {}

  static String negativeSize(int m, int n, int k) {
    return "negative matrix size: m=" + m + ", n=" + n + ", k=" + k;
  }

  static String negativeLength(int length) {
    return "negative range length: " + length;
  }

  static String leadingDimension(String name, int ld, int cols) {
    return "leading dimension of " + name + " is " + ld + ", less than its " + cols
        + " stored columns";
  }

  static String matrixOutside(String name, int rows, int cols, int off, int ld, int length) {
    return name + " (" + rows + " x " + cols + " at offset " + off + ", leading dimension " + ld
        + ") does not fit in an array of length " + length;
  }

  /** The name of the {@code index}th thread of the pool that splits products. */
  static String gemmThreadName(int index) {
    return "modelc-gemm-" + index;
  }

  /** The system property that sets how many threads a product may use. */
  static String threadsProperty() {
    return "modelc.threads";
  }

  static String noVectorModule() {
    return "the JVM runs without jdk.incubator.vector";
  }

  static String inputSize(int inputSize) {
    return "input size must be at least 1, got " + inputSize;
  }

  static String targetSize(int targetSize) {
    return "target size must be at least 0, got " + targetSize;
  }

  static String partialExample(int floats, int inputSize) {
    return "inputs hold " + floats + " floats, which is not a whole number of examples of "
        + inputSize + " inputs";
  }

  static String targetCount(int size, int inputSize, int targetSize, int targets) {
    return "inputs hold " + size + " examples of " + inputSize
        + " floats, so targets should hold " + (long) size * targetSize + " floats ("
        + targetSize + " per example), but they hold " + targets;
  }

  static String gatherRoom(int xLength, int yLength, int count) {
    return "output arrays hold " + xLength + " and " + yLength + " elements, too few for " + count
        + " examples";
  }

  static String fraction(double fraction) {
    return "fraction must be in [0, 1], got " + fraction;
  }

  static String dataset(int size, int inputSize, int targetSize) {
    return "Dataset[" + size + " examples, " + inputSize + " inputs, " + targetSize + " targets]";
  }

  /** What {@link NonFiniteException} says is not finite after an optimizer step. */
  static String gradient() {
    return "gradient";
  }

  static String newValue() {
    return "new value";
  }

  /** Stands for the name of a parameter that no {@link ParameterInfo} covers. */
  static String unnamedParameter(int index) {
    return "#" + index;
  }

  static String label(int example, double value, int classes) {
    return "class label of example " + example + " is " + value + ", not a class index in [0, "
        + classes + ")";
  }

  /**
   * Why {@code n} examples of {@code size} values do not fit an array of {@code length} (-1 for
   * null), which is one of {@link #INPUTS}, {@link #TARGETS} or {@link #OUTPUTS}.
   */
  static String notFinite(int array, int example, int column, double value) {
    return (array == INPUTS ? "input" : "target") + " value " + value + " of example " + example + ", column " + column
        + ", is not finite";
  }

  static String rows(int array, int length, int n, int size) {
    String what = array == INPUTS ? "x" : array == TARGETS ? "y" : "the output array";
    if (n < 1) {
      return "n must be at least 1, was " + n;
    }
    if (length < 0) {
      return what + " is null";
    }
    long example = length / size;
    return what + " holds " + length + " values, too few for " + n + " examples of " + size
        + ": example " + example + " is incomplete or missing";
  }
}
