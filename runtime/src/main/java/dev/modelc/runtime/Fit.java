package dev.modelc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The training loop shared by every generated model: epochs of shuffled mini-batches, the
 * validation loss after each epoch, and progress reports to listeners.
 *
 * <p>Batching follows PyTorch's {@code DataLoader(shuffle=True, drop_last=False)}: each epoch
 * visits every example once, in batches of {@code batch} examples with the last one smaller when
 * the size is not a multiple of the batch.
 */
public final class Fit {

  /**
   * Mixed into the configured seed so the shuffling stream differs from the stream that
   * initializes the parameters from the same seed.
   */
  static final long SHUFFLE_STREAM = 0x6A09E667F3BCC909L;

  /** Separates the shuffling streams of successive epochs (an odd constant, the fractional bits of sqrt(3)). */
  static final long EPOCH_STREAM = 0xBB67AE8584CAA73BL;

  private Fit() {}

  /**
   * Trains {@code model} on {@code train} as {@code config} says and reports the losses.
   *
   * <p>Training resumes at the model's {@link Trainable#epochsDone()}, and each epoch's order
   * depends only on the seed and the epoch, so a model saved after some epochs and trained on from
   * its checkpoint follows the same trajectory as one never stopped. With early stopping, the model
   * ends with the parameters of its best epoch.
   *
   * @param validation the data set whose loss is reported after each epoch, or null to hold out
   *     {@code config.validation()} of the training set (none when that is 0)
   * @throws IllegalArgumentException if a data set's input or target size differs from the
   *     model's, or the training set is empty
   */
  public static TrainingResult run(Trainable model, TrainConfig config, Dataset train,
      Dataset validation, TrainingListener... listeners) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(config, "config");
    checkSizes(model, train, "training");
    if (validation != null) {
      checkSizes(model, validation, "validation");
    } else if (config.validation() > 0) {
      Dataset[] parts = train.split(config.validation(), config.seed());
      train = parts[0];
      validation = parts[1].size() > 0 ? parts[1] : null;
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    TrainingListener[] ls = listeners == null ? new TrainingListener[0] : listeners.clone();
    for (TrainingListener l : ls) {
      Objects.requireNonNull(l, "listener");
    }

    int size = train.size();
    int batch = config.batch();
    int steps = (size + batch - 1) / batch;
    int[] order = new int[size];
    int[] validationOrder = validation == null ? null : identity(validation.size());
    int[] trainOrder = identity(size);
    String metricName = model.metricName();
    List<Double> trainLosses = new ArrayList<>();
    List<Double> validationLosses = new ArrayList<>();
    List<Double> metrics = new ArrayList<>();
    Object[] best = new Object[1];
    EarlyStopping stopping = config.patience() > 0
        ? new EarlyStopping(config.patience(), config.minDelta(), () -> best[0] = model.snapshot())
        : null;
    int bestEpoch = 0;

    for (int epoch = model.epochsDone(); epoch < config.epochs(); epoch++) {
      long start = System.nanoTime();
      model.startEpoch(epoch);
      // Every epoch starts from 0..size-1 and draws from a stream of its own, so its order depends
      // only on the seed and the epoch: a resumed run shuffles as an uninterrupted one does.
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      if (config.shuffle()) {
        new Rng(config.seed() ^ SHUFFLE_STREAM ^ (epoch + 1) * EPOCH_STREAM).shuffle(order);
      }
      double weightedSum = 0;
      for (int step = 0; step < steps; step++) {
        int from = step * batch;
        int count = Math.min(batch, size - from);
        double loss = model.trainBatch(train, order, from, count);
        weightedSum += loss * count;
        for (TrainingListener l : ls) {
          l.onBatch(epoch + 1, step + 1, steps, loss);
        }
      }
      model.endEpoch(epoch);
      double trainLoss = weightedSum / size;
      double validationLoss = validation == null
          ? Double.NaN
          : meanLoss(model, validation, validationOrder, batch);
      double metric = metricName == null ? Double.NaN
          : validation != null ? metric(model, validation, validationOrder, batch)
          : metric(model, train, trainOrder, batch);
      trainLosses.add(trainLoss);
      validationLosses.add(validationLoss);
      metrics.add(metric);

      EpochReport report = new EpochReport(epoch + 1, config.epochs(), trainLoss, validationLoss, metricName, metric,
          System.nanoTime() - start);
      bestEpoch = epoch + 1;
      if (stopping != null) {
        stopping.onEpoch(report);
        bestEpoch = stopping.bestEpoch();
      }
      for (TrainingListener l : ls) {
        l.onEpoch(report);
      }
      if (stopRequested(ls) || (stopping != null && stopping.stopRequested())) {
        break;
      }
    }
    if (stopping != null && best[0] != null) {
      model.restore(best[0]);
    }
    int ran = trainLosses.size();
    return new TrainingResult(ran,
        ran == 0 ? Double.NaN : trainLosses.get(ran - 1),
        ran == 0 ? Double.NaN : validationLosses.get(ran - 1),
        trainLosses, validationLosses, metrics, bestEpoch);
  }

  /** The metric over all of {@code data}, in inference mode, in chunks of {@code batch} examples. */
  private static double metric(Trainable model, Dataset data, int[] order, int batch) {
    int size = data.size();
    if (size == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int from = 0; from < size; from += batch) {
      sum += model.metricBatch(data, order, from, Math.min(batch, size - from));
    }
    return model.metricFinish(sum / size);
  }

  /**
   * The mean loss of {@code model} over all of {@code data}, in inference mode, computed in
   * chunks of {@code batch} examples; NaN for an empty data set.
   */
  public static double loss(Trainable model, Dataset data, int batch) {
    checkSizes(model, data, "evaluation");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    return meanLoss(model, data, identity(data.size()), batch);
  }

  private static double meanLoss(Trainable model, Dataset data, int[] order, int batch) {
    int size = data.size();
    if (size == 0) {
      return Double.NaN;
    }
    double weightedSum = 0;
    for (int from = 0; from < size; from += batch) {
      int count = Math.min(batch, size - from);
      weightedSum += model.lossBatch(data, order, from, count) * count;
    }
    return weightedSum / size;
  }

  private static boolean stopRequested(TrainingListener[] listeners) {
    boolean stop = false;
    for (TrainingListener l : listeners) {
      stop |= l.stopRequested(); // ask every listener, so none misses the question
    }
    return stop;
  }

  private static void checkSizes(Trainable model, Dataset data, String role) {
    Objects.requireNonNull(data, role + " set");
    if (data.inputSize() != model.inputSize() || data.targetSize() != model.targetSize()) {
      throw new IllegalArgumentException("the " + role + " set has " + data.inputSize()
          + " inputs and " + data.targetSize() + " targets per example, but the model expects "
          + model.inputSize() + " and " + model.targetSize());
    }
  }

  private static int[] identity(int size) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    return order;
  }
}
