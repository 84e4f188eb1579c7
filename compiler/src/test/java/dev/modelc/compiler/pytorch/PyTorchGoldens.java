package dev.modelc.compiler.pytorch;

import dev.modelc.compiler.testing.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the PyTorch golden files under {@code src/test/resources/pytorch} (written by
 * {@code make_goldens.py} there; its README describes the format). A function scenario holds one
 * model's loss, gradient and predictions on a fixed batch; a trajectory holds 25 training steps of
 * a small MLP. Each comes with the {@code .nn} text of its model. Values are kept in double; every
 * input, target and initial parameter lies on a 1/1024 grid, so it is exact in float too.
 */
public final class PyTorchGoldens {
  private PyTorchGoldens() {}

  /** The resource folder of the golden files. */
  public static final String ROOT = "pytorch/";

  /**
   * One function scenario, {@code functions/NAME.nn} and {@code functions/NAME.txt}.
   *
   * @param n the batch size
   * @param params the initial flat parameters, in {@code parameters()} order
   * @param x n × INPUT_SIZE inputs, row-major
   * @param y n × TARGET_SIZE targets; a class label as its index
   * @param loss the mean training-mode loss over the batch, what {@code computeGradients} returns;
   *     NaN when the scenario has no training values ({@link #trains()})
   * @param grad the gradient of that loss, laid out as {@code params}; null when not {@link #trains()}
   * @param predict n × OUTPUT_SIZE inference-mode outputs, after the one training forward pass
   * @param evalLoss the mean inference-mode loss, what {@code loss(x, y, n)} returns, after the one
   *     training forward pass
   * @param runningMean batch-norm running means after one training forward pass from 0; null
   *     when the model has no batch_norm
   * @param runningVar batch-norm running variances after one training forward pass from 1; null
   *     when the model has no batch_norm
   */
  public record FunctionCase(String name, String source, int n, double[] params, double[] x, double[] y,
      double loss, double[] grad, double[] predict, double evalLoss, double[] runningMean,
      double[] runningVar) {
    /** False for a model whose training mode is random (dropout): only inference values are given. */
    public boolean trains() {
      return grad != null;
    }

    public boolean hasRunningStatistics() {
      return runningMean != null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * One training trajectory, {@code optim/NAME.nn} and {@code optim/NAME.txt}: the model's train
   * block run over {@code x} and {@code y} in order (batch 2, 5 epochs, no shuffling).
   *
   * @param params the initial flat parameters, in {@code parameters()} order
   * @param losses the mean batch loss of each step, before that step's update
   * @param after the flat parameters after each step: {@code after.get(0)} after step 1
   */
  public record Trajectory(String name, String source, int steps, double[] params, double[] x, double[] y,
      double[] losses, List<double[]> after) {
    /** The parameters after step {@code step}, counting from 1. */
    public double[] afterStep(int step) {
      return after.get(step - 1);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The function scenarios' names, in the order of {@code functions/scenarios.list}. */
  public static List<String> functionNames() {
    return names("functions");
  }

  /** The trajectories' names, in the order of {@code optim/scenarios.list}. */
  public static List<String> trajectoryNames() {
    return names("optim");
  }

  public static FunctionCase function(String name) {
    String base = ROOT + "functions/" + name;
    return parseFunction(name, Resources.text(base + ".nn"), Resources.text(base + ".txt"));
  }

  public static Trajectory trajectory(String name) {
    String base = ROOT + "optim/" + name;
    return parseTrajectory(name, Resources.text(base + ".nn"), Resources.text(base + ".txt"));
  }

  /** Every function scenario, parsed. */
  public static List<FunctionCase> functions() {
    return functionNames().stream().map(PyTorchGoldens::function).toList();
  }

  /** Every trajectory, parsed. */
  public static List<Trajectory> trajectories() {
    return trajectoryNames().stream().map(PyTorchGoldens::trajectory).toList();
  }

  /** A copy in float, for the float API of generated classes. */
  public static float[] floats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  static FunctionCase parseFunction(String name, String source, String text) {
    Map<String, double[]> r = records(name, text, Set.of("n", "params", "x", "y", "loss", "grad", "predict",
        "eval_loss", "running_mean", "running_var"), false).single();
    require(name, r, "n", "params", "x", "y", "predict", "eval_loss");
    int n = count(name, r, "n");
    double[] params = r.get("params");
    boolean trains = r.containsKey("loss") || r.containsKey("grad");
    if (trains) {
      require(name, r, "loss", "grad");
      sizeIs(name, "grad", r.get("grad"), params.length);
    }
    if (r.containsKey("running_mean") || r.containsKey("running_var")) {
      require(name, r, "running_mean", "running_var");
      sizeIs(name, "running_var", r.get("running_var"), r.get("running_mean").length);
    }
    for (String key : List.of("x", "y", "predict")) {
      multipleOf(name, key, r.get(key), n);
    }
    return new FunctionCase(name, source, n, params, r.get("x"), r.get("y"),
        trains ? scalar(name, r, "loss") : Double.NaN, r.get("grad"), r.get("predict"),
        scalar(name, r, "eval_loss"), r.get("running_mean"), r.get("running_var"));
  }

  static Trajectory parseTrajectory(String name, String source, String text) {
    Records parsed = records(name, text, Set.of("steps", "params", "x", "y", "loss"), true);
    Map<String, double[]> r = parsed.single();
    require(name, r, "steps", "params", "x", "y", "loss");
    int steps = count(name, r, "steps");
    double[] params = r.get("params");
    sizeIs(name, "loss", r.get("loss"), steps);
    if (parsed.after().size() != steps) {
      throw new IllegalArgumentException(name + ": " + parsed.after().size() + " 'after' lines for " + steps + " steps");
    }
    for (double[] p : parsed.after()) {
      sizeIs(name, "after", p, params.length);
    }
    return new Trajectory(name, source, steps, params, r.get("x"), r.get("y"), r.get("loss"),
        List.copyOf(parsed.after()));
  }

  private static List<String> names(String folder) {
    List<String> names = new ArrayList<>();
    for (String line : Resources.text(ROOT + folder + "/scenarios.list").split("\n")) {
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    return List.copyOf(names);
  }

  /** The records of a file: each key at most once, and for trajectories the numbered 'after' lines. */
  private record Records(Map<String, double[]> single, List<double[]> after) {}

  private static Records records(String name, String text, Set<String> keys, boolean withAfter) {
    Map<String, double[]> single = new LinkedHashMap<>();
    List<double[]> after = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = name + ":" + (i + 1);
      String[] parts = line.split("\\s+");
      String key = parts[0];
      double[] values = new double[parts.length - 1];
      for (int j = 1; j < parts.length; j++) {
        try {
          values[j - 1] = Double.parseDouble(parts[j]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + ": not a number: " + parts[j], e);
        }
      }
      if (withAfter && key.equals("after")) {
        if (values.length < 1 || values[0] != after.size() + 1) {
          throw new IllegalArgumentException(where + ": expected 'after " + (after.size() + 1) + " …'");
        }
        double[] p = new double[values.length - 1];
        System.arraycopy(values, 1, p, 0, p.length);
        after.add(p);
      } else if (!keys.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown record '" + key + "'");
      } else if (!seen.add(key)) {
        throw new IllegalArgumentException(where + ": repeated record '" + key + "'");
      } else {
        single.put(key, values);
      }
    }
    return new Records(single, after);
  }

  private static void require(String name, Map<String, double[]> r, String... keys) {
    for (String key : keys) {
      if (!r.containsKey(key)) {
        throw new IllegalArgumentException(name + ": no '" + key + "' record");
      }
    }
  }

  private static double scalar(String name, Map<String, double[]> r, String key) {
    sizeIs(name, key, r.get(key), 1);
    return r.get(key)[0];
  }

  private static int count(String name, Map<String, double[]> r, String key) {
    double v = scalar(name, r, key);
    if (v < 1 || v != Math.rint(v)) {
      throw new IllegalArgumentException(name + ": '" + key + "' must be a positive integer, not " + v);
    }
    return (int) v;
  }

  private static void sizeIs(String name, String key, double[] values, int size) {
    if (values.length != size) {
      throw new IllegalArgumentException(name + ": '" + key + "' has " + values.length + " values, expected " + size);
    }
  }

  private static void multipleOf(String name, String key, double[] values, int n) {
    if (values.length == 0 || values.length % n != 0) {
      throw new IllegalArgumentException(name + ": '" + key + "' has " + values.length + " values, not a multiple of n = " + n);
    }
  }
}
