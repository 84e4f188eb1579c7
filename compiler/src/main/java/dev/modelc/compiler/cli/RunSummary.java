package dev.modelc.compiler.cli;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.OptimizerSpec;
import dev.modelc.compiler.ir.ScheduleSpec;
import dev.modelc.compiler.ir.TrainSpec;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.TrainConfig;
import dev.modelc.runtime.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one training run used and what it reached, written as the lines {@code modelc train}
 * prints and as the tables of its report.
 *
 * <pre>
 * model Iris from iris.nn: 131 parameters, float
 * training on iris.csv: 150 examples; sgd(lr = 0.05, momentum = 0.9), batch 16, 60 epochs, seed 7
 * …
 * trained 60 epochs in 0.42 s: loss 0.0614, accuracy 0.9800
 * </pre>
 */
final class RunSummary {
  private final LoadedModel model;
  private final ModelIr ir;
  private final Path file;
  private final Precision precision;
  private final TrainConfig config;
  private final Double lr;
  private final String data;
  private final String metricName;
  private final Map<String, String> figures = new LinkedHashMap<>();
  private TrainingResult result;
  private List<Double> metrics = List.of();
  private final List<String> lines = new ArrayList<>();

  RunSummary(LoadedModel model, Path file, Precision precision, TrainConfig config, Double lr, Dataset train,
      Dataset validation, Path data, Path labels) {
    this.model = model;
    this.ir = model.ir();
    this.file = file;
    this.precision = precision;
    this.config = config;
    this.lr = lr;
    this.data = (labels == null ? data.toString() : data + " with " + labels) + ": "
        + count(train.size() + (validation == null ? 0 : validation.size()))
        + (validation == null ? "" : ", " + validation.size() + " held out for validation");
    this.metricName = model.metricName() != null ? model.metricName() : model.hasAccuracy() ? "accuracy" : null;
  }

  /** The metric shown per epoch and at the end: the model's own, else accuracy for class targets, else null. */
  String metricName() {
    return metricName;
  }

  String header() {
    return "model " + ir.name() + " from " + file.getFileName() + ": " + ir.parameterCount() + " parameters, "
        + precision.keyword() + "\ntraining on " + data + "; " + optimizer() + ", batch " + config.batch() + ", "
        + config.epochs() + " epochs, seed " + config.seed();
  }

  /** Records the outcome of training. */
  void trained(TrainingResult result, List<Double> metrics, long nanos) {
    this.result = result;
    this.metrics = List.copyOf(metrics);
    boolean validated = !Double.isNaN(result.validationLoss());
    figures.put("epochs run", result.epochs() + " of " + config.epochs());
    figures.put("training time", String.format(Locale.ROOT, "%.2f s", nanos / 1e9));
    figures.put("training loss", number(result.trainLoss()));
    if (validated) {
      figures.put("validation loss", number(result.validationLoss()));
    }
    double metric = metrics.isEmpty() ? Double.NaN : metrics.get(metrics.size() - 1);
    if (metricName != null) {
      figures.put((validated ? "validation " : "training ") + metricName, number(metric));
    }
    lines.add("trained " + result.epochs() + " epochs in " + figures.get("training time") + ": loss "
        + number(result.trainLoss()) + (validated ? ", validation loss " + number(result.validationLoss()) : "")
        + (metricName == null ? "" : ", " + (validated ? "validation " : "") + metricName + " " + number(metric)));
    int best = result.bestEpoch();
    if (result.epochs() < config.epochs() || best != result.epochs()) {
      // Early stopping restored the parameters of an earlier epoch: its figures are the model's.
      double bestLoss = validated ? result.validationLosses().get(best - 1) : result.trainLosses().get(best - 1);
      String bestMetric = metricName == null || best > metrics.size() ? ""
          : ", " + (validated ? "validation " : "") + metricName + " " + number(metrics.get(best - 1));
      String kept = (validated ? "validation loss " : "loss ") + number(bestLoss) + bestMetric;
      lines.add("stopped early after " + result.epochs() + " of " + config.epochs()
          + " epochs; the model keeps the parameters of epoch " + best + " (" + kept + ")");
      figures.put("kept epoch", best + " (" + kept + ")");
    }
  }

  /** Evaluates the trained model on test data and records the figures. */
  void tested(Dataset test, Path testFile) {
    List<String> parts = new ArrayList<>();
    String loss = number(model.loss(test));
    parts.add("loss " + loss);
    figures.put("test loss", loss);
    if (model.metricName() != null) {
      double m = model.metric(test);
      parts.add(model.metricName() + " " + number(m));
      figures.put("test " + model.metricName(), number(m));
    }
    if (model.hasAccuracy() && !"accuracy".equals(model.metricName())) {
      double a = model.accuracy(test);
      parts.add("accuracy " + number(a));
      figures.put("test accuracy", number(a));
    }
    lines.add("test on " + testFile + " (" + count(test.size()) + "): " + String.join(", ", parts));
  }

  /** The lines to print after training. */
  List<String> lines() {
    return lines;
  }

  Map<String, String> figures() {
    return figures;
  }

  /** The settings of the run, for the report; {@code args} are the arguments of the modelc command that started it. */
  Map<String, String> settings(List<String> args) {
    TrainSpec spec = ir.train();
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", ir.name() + " (" + file + ")");
    s.put("parameters", String.valueOf(ir.parameterCount()));
    s.put("precision", precision.keyword());
    s.put("training data", data);
    s.put("optimizer", optimizer() + (lr == null ? "" : " (--lr; the train block says lr = "
        + setting(spec.optimizer().lr()) + ")"));
    if (!spec.schedules().isEmpty()) {
      s.put("schedule", spec.schedules().stream().map(RunSummary::schedule).collect(Collectors.joining(", ")));
    }
    s.put("epochs", String.valueOf(config.epochs()));
    s.put("batch", String.valueOf(config.batch()));
    s.put("seed", String.valueOf(config.seed()));
    s.put("shuffle", String.valueOf(config.shuffle()));
    if (spec.clipNorm() > 0 || spec.clipValue() > 0) {
      s.put("clipping", spec.clipNorm() > 0 ? "global norm " + setting(spec.clipNorm())
          : "value " + setting(spec.clipValue()));
    }
    if (config.patience() > 0) {
      s.put("early stopping", "patience " + config.patience() + ", min_delta " + setting(config.minDelta()));
    }
    s.put("command", "modelc " + String.join(" ", args));
    return s;
  }

  /** The per-epoch history of the run that {@link #trained} recorded. */
  Report.Curves curves() {
    return new Report.Curves(result.trainLosses(), result.validationLosses(), metricName, metrics);
  }

  /** The optimizer as the train block would write it, with the learning rate in use. */
  String optimizer() {
    OptimizerSpec o = ir.train().optimizer();
    double rate = lr != null ? lr : o.lr();
    List<String> args = new ArrayList<>(List.of("lr = " + setting(rate)));
    if (o instanceof OptimizerSpec.Sgd sgd) {
      optional(args, "momentum", sgd.momentum(), 0);
      if (sgd.nesterov()) {
        args.add("nesterov = true");
      }
      optional(args, "weight_decay", sgd.weightDecay(), 0);
      return "sgd(" + String.join(", ", args) + ")";
    } else if (o instanceof OptimizerSpec.Adam adam) {
      optional(args, "beta1", adam.beta1(), 0.9);
      optional(args, "beta2", adam.beta2(), 0.999);
      optional(args, "eps", adam.eps(), 1e-8);
      optional(args, "weight_decay", adam.weightDecay(), adam.decoupled() ? 0.01 : 0);
      return (adam.decoupled() ? "adamw(" : "adam(") + String.join(", ", args) + ")";
    } else if (o instanceof OptimizerSpec.Rmsprop rms) {
      optional(args, "alpha", rms.alpha(), 0.99);
      optional(args, "eps", rms.eps(), 1e-8);
      optional(args, "momentum", rms.momentum(), 0);
      optional(args, "weight_decay", rms.weightDecay(), 0);
      return "rmsprop(" + String.join(", ", args) + ")";
    }
    return o.toString();
  }

  private static void optional(List<String> args, String name, double value, double defaultValue) {
    if (value != defaultValue) {
      args.add(name + " = " + setting(value));
    }
  }

  private static String schedule(ScheduleSpec s) {
    if (s instanceof ScheduleSpec.Step step) {
      return "step(every = " + step.every() + ", gamma = " + setting(step.gamma()) + ")";
    } else if (s instanceof ScheduleSpec.Exponential e) {
      return "exponential(gamma = " + setting(e.gamma()) + ")";
    } else if (s instanceof ScheduleSpec.Cosine c) {
      return "cosine(min_lr = " + setting(c.minLr()) + ")";
    } else if (s instanceof ScheduleSpec.Warmup w) {
      return "warmup(" + w.steps() + ")";
    }
    return "constant()";
  }

  private static String count(int examples) {
    return examples + (examples == 1 ? " example" : " examples");
  }

  /** A setting as it would be written in a train block: 0.05, 1e-08, 16. */
  static String setting(double v) {
    double a = Math.abs(v);
    return a == 0 || (a >= 1e-4 && a < 1e7)
        ? new java.math.BigDecimal(String.valueOf(v)).stripTrailingZeros().toPlainString()
        : String.valueOf(v).replace("E", "e");
  }

  /** A figure: four decimals (0.0712, 1.0000), or four significant digits when that would hide it (1.635e-05). */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    return a == 0 || (a >= 1e-3 && a < 1e6) ? String.format(Locale.ROOT, "%.4f", v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
