package dev.modelc.compiler.cli;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.Fit;
import dev.modelc.runtime.TrainConfig;
import dev.modelc.runtime.Trainable;
import dev.modelc.runtime.TrainingListener;
import dev.modelc.runtime.TrainingResult;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * One instance of a generated model class, driven through the API that LANGUAGE.md §8 promises
 * ({@code fit}, {@code trainConfig}, {@code setLearningRate}, {@code predict}, {@code save}), and
 * evaluated on data sets: loss, the model's metric, and accuracy for class targets.
 */
final class LoadedModel {
  /** Examples per call when evaluating, which bounds the memory of the model's workspace. */
  private static final int CHUNK = 256;

  private final ModelIr ir;
  private final Object instance;
  private final Trainable trainable;
  private final Precision precision;
  private final int outputSize;

  private LoadedModel(ModelIr ir, Object instance, Precision precision, int outputSize) {
    this.ir = ir;
    this.instance = instance;
    this.trainable = (Trainable) instance;
    this.precision = precision;
    this.outputSize = outputSize;
  }

  /** A new instance of {@code type}, with parameters drawn from {@code seed}, or the train block's seed when null. */
  static LoadedModel create(Class<?> type, ModelIr ir, Precision precision, Long seed)
      throws ReflectiveOperationException {
    Object instance = seed == null ? type.getConstructor().newInstance()
        : type.getConstructor(long.class).newInstance(seed);
    return new LoadedModel(ir, instance, precision, type.getField("OUTPUT_SIZE").getInt(null));
  }

  ModelIr ir() {
    return ir;
  }

  TrainConfig trainConfig() {
    return (TrainConfig) call("trainConfig", new Class<?>[0]);
  }

  void setLearningRate(double rate) {
    call("setLearningRate", new Class<?>[] {double.class}, rate);
  }

  /** Trains; a failure inside the model (such as {@link dev.modelc.runtime.NonFiniteException}) is rethrown as it is. */
  TrainingResult fit(TrainConfig config, Dataset train, Dataset validation, TrainingListener... listeners) {
    return (TrainingResult) call("fit",
        new Class<?>[] {TrainConfig.class, Dataset.class, Dataset.class, TrainingListener[].class},
        config, train, validation, listeners);
  }

  void save(Path file) throws IOException {
    try {
      instance.getClass().getMethod("save", Path.class).invoke(instance, file);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw rethrow(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The mean loss over {@code data}, in inference mode. */
  double loss(Dataset data) {
    return Fit.loss(trainable, data, CHUNK);
  }

  /** The name of the model's own metric, or null. */
  String metricName() {
    return trainable.metricName();
  }

  /** The model's metric over {@code data}, in inference mode; NaN without one. */
  double metric(Dataset data) {
    if (metricName() == null || data.size() == 0) {
      return Double.NaN;
    }
    int[] order = identity(data.size());
    double sum = 0;
    for (int from = 0; from < data.size(); from += CHUNK) {
      sum += trainable.metricBatch(data, order, from, Math.min(CHUNK, data.size() - from));
    }
    return trainable.metricFinish(sum / data.size());
  }

  /** Whether accuracy can be computed: a class target, and one output per class to take the largest of. */
  boolean hasAccuracy() {
    return ir.classes() > 0 && outputSize == ir.classes();
  }

  /** The fraction of {@code data} whose largest output is at the target class. */
  double accuracy(Dataset data) {
    int n = data.size();
    int[] order = identity(n);
    int chunk = Math.min(CHUNK, n);
    boolean single = precision == Precision.FLOAT;
    Object x = single ? new float[chunk * data.inputSize()] : new double[chunk * data.inputSize()];
    Object y = single ? new float[chunk] : new double[chunk];
    Object out = single ? new float[chunk * outputSize] : new double[chunk * outputSize];
    Class<?> array = x.getClass();
    int correct = 0;
    for (int from = 0; from < n; from += chunk) {
      int count = Math.min(chunk, n - from);
      if (single) {
        data.gather(order, from, count, (float[]) x, (float[]) y);
      } else {
        data.gather(order, from, count, (double[]) x, (double[]) y);
      }
      call("predict", new Class<?>[] {array, int.class, array}, x, count, out);
      for (int r = 0; r < count; r++) {
        if (argmax(out, r * outputSize, outputSize) == (int) data.targets()[from + r]) {
          correct++;
        }
      }
    }
    return (double) correct / n;
  }

  private static int argmax(Object values, int offset, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (value(values, offset + i) > value(values, offset + best)) {
        best = i;
      }
    }
    return best;
  }

  private static double value(Object array, int i) {
    return array instanceof float[] f ? f[i] : ((double[]) array)[i];
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private Object call(String name, Class<?>[] types, Object... args) {
    try {
      Method method = instance.getClass().getMethod(name, types);
      return method.invoke(instance, args);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated class lacks " + name + ": " + e, e);
    }
  }

  /** The model's own exception, unwrapped from reflection so that callers see what the API throws. */
  private static RuntimeException rethrow(InvocationTargetException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(cause);
  }
}
