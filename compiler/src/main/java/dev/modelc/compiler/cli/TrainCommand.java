package dev.modelc.compiler.cli;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.NonFiniteException;
import dev.modelc.runtime.TrainConfig;
import dev.modelc.runtime.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelc train FILE.nn --data …}: compiles a model in memory, trains it, evaluates, saves and reports. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Compiles a model in memory and trains it on data.",
      "It trains with the settings of the model's train block, which the options below override, then "
          + "evaluates it on test data, saves it and writes a report.",
      ""
    },
    footer = {
      "",
      "CSV data: one example per row, the input values and then the target, separated by commas; a header row "
          + "is optional and gzip-compressed files are read too. A class target is one column holding the class "
          + "index; a real target of k values is k columns.",
      "IDX data (the MNIST family): --data IMAGES --labels LABELS, each plain or gzip-compressed; pixel bytes are "
          + "scaled to [0, 1] and label bytes are class indices.",
      "Progress: a live bar on a terminal, one line per epoch otherwise. The JVM option --add-modules "
          + "jdk.incubator.vector, which the modelc script passes, makes the kernels faster.",
      "Exit codes: 0 success, 1 errors in the model or the data, 2 a usage error."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** The terminal behind standard output, for the live progress bar; null when output is not a terminal. */
  PrintStream terminal;

  @Parameters(paramLabel = "FILE.nn", description = "The model file.")
  Path file;

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "The training data: a CSV file, or with --labels an IDX images file.")
  Path data;

  @Option(names = "--labels", paramLabel = "FILE", description = "The IDX labels of the IDX images given by --data.")
  Path labels;

  @Option(names = "--test", paramLabel = "FILE", description = "Test data, evaluated after training: a CSV file, "
      + "or with --test-labels an IDX images file.")
  Path test;

  @Option(names = "--test-labels", paramLabel = "FILE", description = "The IDX labels of the images given by --test.")
  Path testLabels;

  @Option(names = "--target-column", paramLabel = "K", description = "CSV data: the column, counted from 1, where "
      + "the target starts (default: the last column, or the last k for a target of k values).")
  Integer targetColumn;

  @Option(names = "--model", paramLabel = "NAME", description = "The model to train when the file holds several.")
  String modelName;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (default: the train "
      + "block's).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "N", description = "Examples per optimizer step (default: the train "
      + "block's).")
  Integer batch;

  @Option(names = "--lr", paramLabel = "X", description = "The learning rate (default: the train block's optimizer's).")
  Double lr;

  @Option(names = "--seed", paramLabel = "S", description = "Seeds the initial parameters and the shuffling "
      + "(default: the train block's).")
  Long seed;

  @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float",
      description = "The element type of the compiled model (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--save", paramLabel = "FILE", description = "Writes the trained model's checkpoint, which the "
      + "generated class's load method reads.")
  Path save;

  @Option(names = "--report", paramLabel = "DIR", description = "Writes loss.png, metric.png (with a metric) and "
      + "an index.html showing them with the settings and final figures into DIR.")
  Path report;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String misuse = misuse();
    if (misuse != null) {
      return Driver.usage(spec, misuse);
    }
    Precision p = Driver.precision(spec, precision);
    if (p == null) {
      return ExitCodes.USAGE;
    }
    Driver.Compiled compiled = new Driver(spec).compileToRun(file, p);
    if (compiled == null) {
      return ExitCodes.ERRORS;
    }
    ModelIr ir = choose(compiled.models());
    if (ir == null) {
      return ExitCodes.USAGE;
    }
    try {
      LoadedModel model = load(compiled, ir, p);
      Dataset train = TrainingData.read(data, labels, targetColumn, ir);
      Dataset testSet = test == null ? null : TrainingData.read(test, testLabels, targetColumn, ir);
      TrainConfig config = configure(model);
      Dataset[] sets = holdOut(train, config);
      RunSummary summary = new RunSummary(model, file, p, config, lr, sets[0], sets[1], data, labels);
      out.println(summary.header());
      out.flush();
      fit(model, config, sets[0], sets[1], summary);
      if (testSet != null) {
        summary.tested(testSet, test);
      }
      summary.lines().forEach(out::println);
      if (save != null) {
        try {
          model.save(save);
        } catch (IOException e) {
          throw new IOException("cannot save the model to " + save + ": "
              + (e instanceof NoSuchFileException ? "its folder does not exist" : e.getMessage()), e);
        }
        out.println("saved " + save);
      }
      if (report != null) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        out.println("report: " + Report.write(report, ir.name() + " trained by modelc", summary.settings(args),
            summary.figures(), summary.curves()));
      }
      return ExitCodes.OK;
    } catch (InMemoryJavac.Failure | Report.Failure e) {
      err.println("modelc: " + e.getMessage());
    } catch (TrainingData.Problem e) {
      err.println(e.getMessage());
    } catch (IOException e) {
      err.println("modelc: " + e.getMessage());
    } catch (NonFiniteException e) {
      // The message goes on to say that the model keeps its last good parameters, which matters to
      // a program holding the model but not here, where nothing is saved after the failure.
      String what = e.getMessage().contains(";") ? e.getMessage().substring(0, e.getMessage().indexOf(';'))
          : e.getMessage();
      err.println("modelc: training stopped: " + what + "; a smaller learning rate (--lr) may help");
    } catch (IllegalArgumentException e) {
      err.println("modelc: " + e.getMessage());
    } catch (ReflectiveOperationException e) {
      err.println("modelc: cannot create the model: " + e);
    }
    return ExitCodes.ERRORS;
  }

  /** Compiles the chosen model's class in memory and makes an instance, seeded by --seed or the train block. */
  private LoadedModel load(Driver.Compiled compiled, ModelIr ir, Precision p)
      throws InMemoryJavac.Failure, ReflectiveOperationException {
    JavaFile source = compiled.files().stream().filter(f -> f.typeSpec().name().equals(ir.name())).findFirst()
        .orElseThrow();
    Class<?> type = InMemoryJavac.compile(source, ToolProvider.getSystemJavaCompiler());
    return LoadedModel.create(type, ir, p, seed);
  }

  /** The train block's settings with the options' overrides; --lr goes to the model's optimizer. */
  private TrainConfig configure(LoadedModel model) {
    TrainConfig block = model.trainConfig();
    if (lr != null) {
      model.setLearningRate(lr);
    }
    return new TrainConfig(batch != null ? batch : block.batch(), epochs != null ? epochs : block.epochs(),
        seed != null ? seed : block.seed(), block.shuffle(), block.validation(), block.patience(), block.minDelta());
  }

  /**
   * {@code {training, validation}}: the split that Fit would make for the train block's
   * {@code validation f;}, made here so that the validation set is known for accuracy; the
   * validation set is null without one.
   */
  private static Dataset[] holdOut(Dataset train, TrainConfig config) {
    if (config.validation() == 0) {
      return new Dataset[] {train, null};
    }
    Dataset[] parts = train.split(config.validation(), config.seed());
    return new Dataset[] {parts[0], parts[1].size() > 0 ? parts[1] : null};
  }

  /** Trains with progress shown as it goes, and records the outcome in {@code summary}. */
  private void fit(LoadedModel model, TrainConfig config, Dataset train, Dataset validation, RunSummary summary) {
    // Without a metric statement, a class model is still followed by its accuracy, measured where
    // Fit measures metrics: on the validation set when there is one.
    Dataset measured = validation != null ? validation : train;
    boolean computeAccuracy = model.metricName() == null && model.hasAccuracy();
    Progress progress = new Progress(spec.commandLine().getOut(), terminal, model.ir().name(), config.epochs(),
        summary.metricName(), computeAccuracy ? () -> model.accuracy(measured) : null);
    long start = System.nanoTime();
    TrainingResult result;
    try (progress) {
      result = model.fit(config, train, validation, progress);
    }
    summary.trained(result, progress.metrics(), System.nanoTime() - start);
  }

  /** What is wrong with the options taken together, or null. */
  private String misuse() {
    if (epochs != null && epochs < 1) {
      return "--epochs must be at least 1, not " + epochs;
    }
    if (batch != null && batch < 1) {
      return "--batch must be at least 1, not " + batch;
    }
    if (lr != null && !(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
      return "--lr must be a positive number, not " + lr;
    }
    if (targetColumn != null && targetColumn < 1) {
      return "--target-column counts columns from 1, so " + targetColumn + " is no column";
    }
    if (testLabels != null && test == null) {
      return "--test-labels names the labels of --test images, but --test is missing";
    }
    if (targetColumn != null && labels != null && (test == null || testLabels != null)) {
      return "--target-column applies to CSV data, and all the data here is IDX";
    }
    return null;
  }

  /** The model to train: the only one of the file, or the one --model names; null after a usage error. */
  private ModelIr choose(List<ModelIr> models) {
    String names = models.stream().map(ModelIr::name).collect(Collectors.joining(", "));
    if (models.isEmpty()) {
      Driver.usage(spec, file + " holds no model to train");
      return null;
    }
    if (modelName == null) {
      if (models.size() == 1) {
        return models.get(0);
      }
      Driver.usage(spec, file + " holds the models " + names + "; choose one with --model");
      return null;
    }
    for (ModelIr m : models) {
      if (m.name().equals(modelName)) {
        return m;
      }
    }
    Driver.usage(spec, file + " has no model " + modelName + "; it holds " + names);
    return null;
  }
}
