package dev.modelc.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory data set of {@link #size()} examples, each {@link #inputSize()} input floats and
 * {@link #targetSize()} target floats, stored row-major in two flat arrays.
 *
 * <p>A class target is stored as its index, one float per example.
 *
 * <p>Training steps call {@link #gather}, so the text of this class's messages is in
 * {@link Messages}: there it costs a training step no allocation.
 */
public final class Dataset {

  /** Mixed into the seed of {@link #split} so its stream differs from initialization's. */
  private static final long SPLIT_STREAM = 0xBB67AE8584CAA73BL;

  private final float[] inputs;
  private final float[] targets;
  private final int inputSize;
  private final int targetSize;
  private final int size;

  private Dataset(float[] inputs, float[] targets, int inputSize, int targetSize, int size) {
    this.inputs = inputs;
    this.targets = targets;
    this.inputSize = inputSize;
    this.targetSize = targetSize;
    this.size = size;
  }

  /**
   * Wraps the arrays (without copying) as a data set of {@code inputs.length / inputSize}
   * examples.
   *
   * @throws IllegalArgumentException if the sizes are not positive (a target size may be 0) or
   *     the array lengths do not describe the same whole number of examples
   */
  public static Dataset of(float[] inputs, float[] targets, int inputSize, int targetSize) {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    if (inputSize < 1) {
      throw new IllegalArgumentException(Messages.inputSize(inputSize));
    }
    if (targetSize < 0) {
      throw new IllegalArgumentException(Messages.targetSize(targetSize));
    }
    if (inputs.length % inputSize != 0) {
      throw new IllegalArgumentException(Messages.partialExample(inputs.length, inputSize));
    }
    int size = inputs.length / inputSize;
    if ((long) size * targetSize != targets.length) {
      throw new IllegalArgumentException(
          Messages.targetCount(size, inputSize, targetSize, targets.length));
    }
    return new Dataset(inputs, targets, inputSize, targetSize, size);
  }

  /** The number of examples. */
  public int size() {
    return size;
  }

  /** The number of input floats per example. */
  public int inputSize() {
    return inputSize;
  }

  /** The number of target floats per example. */
  public int targetSize() {
    return targetSize;
  }

  /** The backing input array, {@code size() * inputSize()} floats, row-major; not a copy. */
  public float[] inputs() {
    return inputs;
  }

  /** The backing target array, {@code size() * targetSize()} floats, row-major; not a copy. */
  public float[] targets() {
    return targets;
  }

  /**
   * Copies the examples {@code order[from], …, order[from + count - 1]} into the first
   * {@code count} rows of {@code xOut} and {@code yOut}; allocates nothing.
   */
  public void gather(int[] order, int from, int count, float[] xOut, float[] yOut) {
    checkGather(order, from, count, xOut.length, yOut.length);
    for (int r = 0; r < count; r++) {
      int e = order[from + r];
      System.arraycopy(inputs, e * inputSize, xOut, r * inputSize, inputSize);
      System.arraycopy(targets, e * targetSize, yOut, r * targetSize, targetSize);
    }
  }

  /**
   * Copies the examples {@code order[from], …, order[from + count - 1]} into the first
   * {@code count} rows of {@code xOut} and {@code yOut}, widened to double; allocates nothing.
   */
  public void gather(int[] order, int from, int count, double[] xOut, double[] yOut) {
    checkGather(order, from, count, xOut.length, yOut.length);
    for (int r = 0; r < count; r++) {
      int e = Objects.checkIndex(order[from + r], size);
      for (int i = 0, src = e * inputSize, dst = r * inputSize; i < inputSize; i++) {
        xOut[dst + i] = inputs[src + i];
      }
      for (int i = 0, src = e * targetSize, dst = r * targetSize; i < targetSize; i++) {
        yOut[dst + i] = targets[src + i];
      }
    }
  }

  private void checkGather(int[] order, int from, int count, int xLength, int yLength) {
    Objects.checkFromIndexSize(from, count, order.length);
    if (xLength < count * inputSize || yLength < count * targetSize) {
      throw new IllegalArgumentException(Messages.gatherRoom(xLength, yLength, count));
    }
  }

  /** A new data set holding copies of the examples at {@code indices}, in that order. */
  public Dataset subset(int[] indices) {
    float[] x = new float[indices.length * inputSize];
    float[] y = new float[indices.length * targetSize];
    for (int r = 0; r < indices.length; r++) {
      int e = Objects.checkIndex(indices[r], size);
      System.arraycopy(inputs, e * inputSize, x, r * inputSize, inputSize);
      System.arraycopy(targets, e * targetSize, y, r * targetSize, targetSize);
    }
    return new Dataset(x, y, inputSize, targetSize, indices.length);
  }

  /**
   * Splits off a held-out set, for validation: {@code round(fraction * size())} examples chosen
   * by a shuffle seeded with {@code seed}. Both parts keep the examples in their original order.
   *
   * @return {@code {rest, heldOut}}
   */
  public Dataset[] split(double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(Messages.fraction(fraction));
    }
    int held = (int) Math.round(fraction * size);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    new Rng(seed ^ SPLIT_STREAM).shuffle(order);
    int[] heldOut = Arrays.copyOfRange(order, 0, held);
    int[] rest = Arrays.copyOfRange(order, held, size);
    Arrays.sort(heldOut);
    Arrays.sort(rest);
    return new Dataset[] {subset(rest), subset(heldOut)};
  }

  @Override
  public String toString() {
    return Messages.dataset(size, inputSize, targetSize);
  }
}
