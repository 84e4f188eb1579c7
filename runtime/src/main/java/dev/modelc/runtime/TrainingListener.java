package dev.modelc.runtime;

/**
 * Receives progress from {@link Fit}: every batch, every epoch, and a chance to stop early.
 *
 * <p>Listeners run on the training thread between steps; they should be quick.
 */
public interface TrainingListener {

  /**
   * Called after each optimizer step.
   *
   * @param epoch the current epoch, 1-based
   * @param step the step within the epoch, 1-based
   * @param stepsPerEpoch the number of steps in every epoch
   * @param loss the batch's mean loss
   */
  default void onBatch(int epoch, int step, int stepsPerEpoch, double loss) {}

  /** Called at the end of each epoch, after the validation loss is computed. */
  default void onEpoch(EpochReport report) {}

  /**
   * Asked after {@link #onEpoch} of every listener; training stops when any listener answers
   * true (early stopping).
   */
  default boolean stopRequested() {
    return false;
  }
}
