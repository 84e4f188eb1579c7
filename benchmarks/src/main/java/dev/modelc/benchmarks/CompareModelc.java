package dev.modelc.benchmarks;

import dev.modelc.runtime.Gemm;
import java.util.Arrays;
import java.util.List;

/**
 * modelc's side of compare.sh: times a train step (on each model's fixed random batch, batch size
 * from its train block) and a single-example predict (the allocation-free {@code predict(x, 1,
 * out)}) of the four generated models, with the protocol of {@link Timing}, and prints one
 * {@code RESULT modelc MODEL train|predict NANOSECONDS CPU/WALL} line per measurement.
 *
 * <p>Run it as compare.sh does: {@code java --add-modules jdk.incubator.vector -Dmodelc.threads=1
 * -cp benchmarks/target/benchmarks.jar dev.modelc.benchmarks.CompareModelc [--models Tiny,Deep]
 * [--warmup S] [--rounds N] [--round S]}.
 */
public final class CompareModelc {

  /**
   * One model's two measured operations, and the reset that puts its parameters back to their
   * initial values (through the live {@code parameters()} array) before each timed round.
   */
  private record Subject(String name, Timing.Loop train, Runnable reset, Timing.Loop predict) {}

  private CompareModelc() {}

  public static void main(String[] args) {
    Timing.Settings settings = Timing.Settings.parse(args);
    System.out.println("INFO modelc: vector kernels " + Gemm.vectorized() + ", modelc.threads="
        + System.getProperty("modelc.threads") + ", " + settings);
    // With more than one thread (compare.sh's scaling run) only train steps are measured, under a
    // name of their own: a single-example predict has no product large enough to split.
    boolean threaded = Gemm.threads() > 1;
    // Without the Vector API module (compare.sh's plain run) the same classes run on the runtime's
    // plain-Java loops, and report under a name of their own.
    String framework = threaded ? "modelc-" + Gemm.threads() + "t" : Gemm.vectorized() ? "modelc" : "modelc-plain";
    // Each model is built only when its turn comes, so the others' arrays are not live meanwhile.
    for (String name : Timing.models(args, List.of("Tiny", "Small", "Mnist", "Deep"))) {
      Subject subject = subject(name);
      Timing.report(framework, name, "train", Timing.measure(subject.train(), subject.reset(), settings));
      if (!threaded) {
        Timing.report(framework, name, "predict", Timing.measure(subject.predict(), () -> { }, settings));
      }
    }
  }

  private static Subject subject(String name) {
    return switch (name) {
      case "Tiny" -> tiny();
      case "Small" -> small();
      case "Mnist" -> mnist();
      case "Deep" -> deep();
      default -> throw new IllegalArgumentException(name);
    };
  }

  // The four methods below differ only in the model's class: generated classes share no interface
  // with trainStep and predict, and calling them directly keeps each loop monomorphic.

  private static Subject tiny() {
    Tiny model = new Tiny();
    int n = model.trainConfig().batch();
    float[] x = Data.inputs(n, Tiny.INPUT_SIZE, 1);
    float[] y = Data.targets(n, Tiny.TARGET_SIZE, 2);
    float[] one = Arrays.copyOf(x, Tiny.INPUT_SIZE);
    float[] out = new float[Tiny.OUTPUT_SIZE];
    float[] initial = model.parameters().clone();
    return new Subject("Tiny", k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        s += model.trainStep(x, y, n);
      }
      return s;
    }, () -> System.arraycopy(initial, 0, model.parameters(), 0, initial.length), k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        model.predict(one, 1, out);
        s += out[0];
      }
      return s;
    });
  }

  private static Subject small() {
    Small model = new Small();
    int n = model.trainConfig().batch();
    float[] x = Data.inputs(n, Small.INPUT_SIZE, 1);
    float[] y = Data.labels(n, Small.OUTPUT_SIZE, 2);
    float[] one = Arrays.copyOf(x, Small.INPUT_SIZE);
    float[] out = new float[Small.OUTPUT_SIZE];
    float[] initial = model.parameters().clone();
    return new Subject("Small", k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        s += model.trainStep(x, y, n);
      }
      return s;
    }, () -> System.arraycopy(initial, 0, model.parameters(), 0, initial.length), k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        model.predict(one, 1, out);
        s += out[0];
      }
      return s;
    });
  }

  private static Subject mnist() {
    Mnist model = new Mnist();
    int n = model.trainConfig().batch();
    float[] x = Data.inputs(n, Mnist.INPUT_SIZE, 1);
    float[] y = Data.labels(n, Mnist.OUTPUT_SIZE, 2);
    float[] one = Arrays.copyOf(x, Mnist.INPUT_SIZE);
    float[] out = new float[Mnist.OUTPUT_SIZE];
    float[] initial = model.parameters().clone();
    return new Subject("Mnist", k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        s += model.trainStep(x, y, n);
      }
      return s;
    }, () -> System.arraycopy(initial, 0, model.parameters(), 0, initial.length), k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        model.predict(one, 1, out);
        s += out[0];
      }
      return s;
    });
  }

  private static Subject deep() {
    Deep model = new Deep();
    int n = model.trainConfig().batch();
    float[] x = Data.inputs(n, Deep.INPUT_SIZE, 1);
    float[] y = Data.labels(n, Deep.OUTPUT_SIZE, 2);
    float[] one = Arrays.copyOf(x, Deep.INPUT_SIZE);
    float[] out = new float[Deep.OUTPUT_SIZE];
    float[] initial = model.parameters().clone();
    return new Subject("Deep", k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        s += model.trainStep(x, y, n);
      }
      return s;
    }, () -> System.arraycopy(initial, 0, model.parameters(), 0, initial.length), k -> {
      double s = 0;
      for (int i = 0; i < k; i++) {
        model.predict(one, 1, out);
        s += out[0];
      }
      return s;
    });
  }
}
