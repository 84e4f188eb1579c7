package dev.modelc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.TrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import javax.lang.model.element.Modifier;

/** The public methods of a generated model class (LANGUAGE.md §8) and the private helpers they share. */
final class Api {
  private static final ClassName FIT = ClassName.get(ModelClassGenerator.RUNTIME, "Fit");
  private static final ClassName TRAIN_CONFIG = ClassName.get(ModelClassGenerator.RUNTIME, "TrainConfig");
  private static final ClassName TRAINING_RESULT = ClassName.get(ModelClassGenerator.RUNTIME, "TrainingResult");
  private static final ClassName TRAINING_LISTENER = ClassName.get(ModelClassGenerator.RUNTIME, "TrainingListener");
  private static final ClassName CHECKPOINT = ClassName.get(ModelClassGenerator.RUNTIME, "Checkpoint");
  private static final ClassName SECTION = CHECKPOINT.nestedClass("Section");

  private Api() {}

  static void methods(ModelClassGenerator g, TypeSpec.Builder type) {
    TypeName array = g.array();
    String t = g.precision().keyword();
    type.addMethod(MethodSpec.methodBuilder("predict")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The output for one example of INPUT_SIZE values.\n")
        .addParameter(array, "x")
        .returns(array)
        .addStatement("$L[] predictions = new $L[OUTPUT_SIZE]", t, t)
        .addStatement("predict(x, 1, predictions)")
        .addStatement("return predictions")
        .build());
    type.addMethod(MethodSpec.methodBuilder("predict")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Writes the outputs of n examples, row-major, into {@code predictions}; allocates nothing once warm.\n")
        .addParameter(array, "x")
        .addParameter(int.class, "n")
        .addParameter(array, "predictions")
        .addStatement("$T.inputs(x, n, INPUT_SIZE)", ModelClassGenerator.CHECKS)
        .addStatement("$T.outputs(predictions, n, OUTPUT_SIZE)", ModelClassGenerator.CHECKS)
        .addStatement("forward(x, null, n, false)")
        .addCode(g.bodies().copyOutput())
        .build());
    type.addMethod(MethodSpec.methodBuilder("loss")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The mean loss of n examples in inference mode; computes no gradients.\n")
        .addParameter(array, "x")
        .addParameter(array, "y")
        .addParameter(int.class, "n")
        .returns(g.precision().type())
        .addStatement("check(x, y, n)")
        .addStatement("forward(x, y, n, false)")
        .addStatement("return meanLoss(x, y, n, false)")
        .build());
    type.addMethod(MethodSpec.methodBuilder("computeGradients")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Fills gradients() with the gradient of the mean loss of n examples, and returns that loss.\n")
        .addParameter(array, "x")
        .addParameter(array, "y")
        .addParameter(int.class, "n")
        .returns(g.precision().type())
        .addStatement("check(x, y, n)")
        .addCode(trainingBatchCheck(g))
        .addStatement("forward(x, y, n, true)")
        .addStatement("backward(x, y, n)")
        .addStatement("return meanLoss(x, y, n, true)")
        .build());
    type.addMethod(MethodSpec.methodBuilder("trainStep")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Computes the gradients of n examples and takes one optimizer step; returns the mean loss before the step.\n")
        .addParameter(array, "x")
        .addParameter(array, "y")
        .addParameter(int.class, "n")
        .returns(g.precision().type())
        .addStatement("$L loss = computeGradients(x, y, n)", t)
        .addStatement("update()")
        .addStatement("return loss")
        .build());
    type.addMethod(MethodSpec.methodBuilder("parameters")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The live parameter array: every parameter in declaration order, each row-major.\n")
        .returns(array)
        .addStatement("return params")
        .build());
    type.addMethod(MethodSpec.methodBuilder("gradients")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The live gradient array, laid out as parameters().\n")
        .returns(array)
        .addStatement("return grads")
        .build());
    type.addMethod(MethodSpec.methodBuilder("parameterInfo")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The name, shape and offset of every parameter.\n")
        .returns(ModelClassGenerator.listOf(ModelClassGenerator.PARAMETER_INFO))
        .addStatement("return PARAMETER_INFO")
        .build());
    fitting(g, type);
    saving(g, type);
    checks(g, type);
  }

  private static void fitting(ModelClassGenerator g, TypeSpec.Builder type) {
    TrainSpec train = g.model().train();
    type.addMethod(MethodSpec.methodBuilder("fit")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Trains with the model's train block: batch $L, $L epochs, seed $L$L.\n", train.batch(), train.epochs(),
            train.seed(), train.shuffle() ? ", shuffled" : "")
        .addParameter(ModelClassGenerator.DATASET, "train")
        .addParameter(ModelClassGenerator.DATASET, "validation")
        .addParameter(ModelClassGenerator.arrayOf(TRAINING_LISTENER), "listeners")
        .varargs(true)
        .returns(TRAINING_RESULT)
        .addStatement("return fit(trainConfig(), train, validation, listeners)")
        .build());
    type.addMethod(MethodSpec.methodBuilder("fit")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Trains with other settings than the train block's, such as a command line's overrides.\n")
        .addParameter(TRAIN_CONFIG, "config")
        .addParameter(ModelClassGenerator.DATASET, "train")
        .addParameter(ModelClassGenerator.DATASET, "validation")
        .addParameter(ModelClassGenerator.arrayOf(TRAINING_LISTENER), "listeners")
        .varargs(true)
        .returns(TRAINING_RESULT)
        .addStatement("epochsPlanned = config.epochs()")
        .addStatement("return $T.run(this, config, train, validation, listeners)", FIT)
        .build());
    type.addMethod(MethodSpec.methodBuilder("trainConfig")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The settings of the model's train block.\n")
        .returns(TRAIN_CONFIG)
        .addStatement("return new $T($L, $L, $LL, $L, $L, $L, $L)", TRAIN_CONFIG, train.batch(), train.epochs(), train.seed(),
            train.shuffle(), train.validation(), train.patience(), train.minDelta())
        .build());
    type.addMethod(MethodSpec.methodBuilder("setLearningRate")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Replaces the optimizer's learning rate; schedules then apply to the new one.\n")
        .addParameter(double.class, "rate")
        .beginControlFlow("if (!(rate > 0) || Double.isInfinite(rate))")
        .addStatement("throw new $T($S + rate)", IllegalArgumentException.class, "the learning rate must be positive, got ")
        .endControlFlow()
        .addStatement("baseLr = rate")
        .addStatement("lr = $L", g.optimizer().epochRate("epoch"))
        .build());
    type.addMethod(MethodSpec.methodBuilder("startEpoch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(int.class, "epoch")
        .addStatement("this.epoch = epoch")
        .addStatement("lr = $L", g.optimizer().epochRate("epoch"))
        .build());
    type.addMethod(MethodSpec.methodBuilder("endEpoch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(int.class, "epoch")
        .addStatement("this.epoch = epoch + 1")
        .build());
    type.addMethod(MethodSpec.methodBuilder("epochsDone")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(int.class)
        .addStatement("return epoch")
        .build());
    metric(g, type);
    snapshots(g, type);
    type.addMethod(MethodSpec.methodBuilder("inputSize")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(int.class)
        .addStatement("return INPUT_SIZE")
        .build());
    type.addMethod(MethodSpec.methodBuilder("targetSize")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(int.class)
        .addStatement("return TARGET_SIZE")
        .build());
    for (String name : new String[] {"trainBatch", "lossBatch"}) {
      type.addMethod(MethodSpec.methodBuilder(name)
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC)
          .addParameter(ModelClassGenerator.DATASET, "data")
          .addParameter(int[].class, "order")
          .addParameter(int.class, "from")
          .addParameter(int.class, "count")
          .returns(double.class)
          .addStatement("gather(data, order, from, count)")
          .addStatement("return $L(batchX, batchY, count)", name.equals("trainBatch") ? "trainStep" : "loss")
          .build());
    }
    type.addMethod(MethodSpec.methodBuilder("gather")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Copies the chosen examples into the batch arrays, growing them when the batch is larger than any before.\n")
        .addParameter(ModelClassGenerator.DATASET, "data")
        .addParameter(int[].class, "order")
        .addParameter(int.class, "from")
        .addParameter(int.class, "count")
        .beginControlFlow("if (batchX.length < count * INPUT_SIZE)")
        .addStatement("batchX = new $L[count * INPUT_SIZE]", g.precision().keyword())
        .addStatement("batchY = new $L[count * TARGET_SIZE]", g.precision().keyword())
        .endControlFlow()
        .addStatement("data.gather(order, from, count, batchX, batchY)")
        .build());
  }

  private static void saving(ModelClassGenerator g, TypeSpec.Builder type) {
    java.util.List<String> state = g.optimizer().stateArrays();
    MethodSpec.Builder save = MethodSpec.methodBuilder("save")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Writes parameters and optimizer state to {@code file}, atomically: a crash leaves the old file.\n")
        .addParameter(Path.class, "file")
        .addException(IOException.class);
    CodeBlock.Builder sections = CodeBlock.builder().add(
        "$T.of($T.of($S, params), $T.of($S, new double[] {step, epoch})", java.util.List.class, SECTION, "parameters",
        SECTION, "progress");
    for (String s : state) {
      sections.add(", $T.of($S, $L)", SECTION, s, s);
    }
    if (g.model().stateCount() > 0) {
      sections.add(", $T.of($S, state)", SECTION, "state");
    }
    if (Members.usesDropout(g)) {
      // The generator's 64-bit state as two exact 32-bit halves: any double could be a NaN that loses its bits.
      sections.add(", $T.of($S, new double[] {dropoutRng.state() >>> 32, dropoutRng.state() & 0xFFFFFFFFL})", SECTION,
          "dropout rng");
    }
    save.addStatement("$T.save(file, $S, FINGERPRINT, $L)", CHECKPOINT, g.model().name(), sections.add(")").build());
    type.addMethod(save.build());

    String getter = g.precision() == Precision.FLOAT ? "floats" : "doubles";
    MethodSpec.Builder load = MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Reads a model saved by save; refuses a damaged file or one of another model.\n")
        .addParameter(Path.class, "file")
        .returns(g.self())
        .addException(IOException.class)
        .addStatement("$T checkpoint = $T.load(file, $S, FINGERPRINT)", CHECKPOINT, CHECKPOINT, g.model().name())
        .addStatement("$T model = new $T()", g.self(), g.self())
        .addStatement("copy(checkpoint.$L($S), model.params)", getter, "parameters")
        .addStatement("double[] progress = checkpoint.doubles($S)", "progress")
        .addStatement("model.step = (long) progress[0]")
        .addStatement("model.epoch = (int) progress[1]")
        .addStatement("model.startEpoch(model.epoch)");
    for (String s : state) {
      load.addStatement("copy(checkpoint.$L($S), model.$L)", getter, s, s);
    }
    if (g.model().stateCount() > 0) {
      load.addStatement("copy(checkpoint.$L($S), model.state)", getter, "state");
    }
    if (Members.usesDropout(g)) {
      load.addStatement("double[] rng = checkpoint.doubles($S)", "dropout rng");
      load.addStatement("model.dropoutRng.setState(((long) rng[0] << 32) | (long) rng[1])");
    }
    type.addMethod(load.addStatement("return model").build());
    type.addMethod(MethodSpec.methodBuilder("copy")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(g.array(), "from")
        .addParameter(g.array(), "to")
        .addException(IOException.class)
        .beginControlFlow("if (from.length != to.length)")
        .addStatement("throw new $T($S + to.length + $S + from.length)", IOException.class,
            "checkpoint does not fit this model: expected ", " values, found ")
        .endControlFlow()
        .addStatement("$T.arraycopy(from, 0, to, 0, to.length)", System.class)
        .build());
  }

  /** The metric of the train block's {@code metric} statement, for {@link Fit}'s per-epoch reports. */
  private static void metric(ModelClassGenerator g, TypeSpec.Builder type) {
    String name = g.model().metric();
    if (name == null) {
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("metricName")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addStatement("return $S", name)
        .build());
    type.addMethod(MethodSpec.methodBuilder("metricBatch")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The sum of the per-example $L over the given examples, in inference mode.\n", name)
        .addParameter(ModelClassGenerator.DATASET, "data")
        .addParameter(int[].class, "order")
        .addParameter(int.class, "from")
        .addParameter(int.class, "count")
        .returns(double.class)
        .addStatement("gather(data, order, from, count)")
        .addStatement("check(batchX, batchY, count)")
        .addStatement("forward(batchX, batchY, count, false)")
        .addCode(g.bodies().metricSum())
        .build());
    if (name.equals("rmse")) {
      type.addMethod(MethodSpec.methodBuilder("metricFinish")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC)
          .addParameter(double.class, "mean")
          .returns(double.class)
          .addStatement("return Math.sqrt(mean)")
          .build());
    }
  }

  /** Copies of everything training changes, for early stopping's return to the best epoch. */
  private static void snapshots(ModelClassGenerator g, TypeSpec.Builder type) {
    java.util.List<String> arrays = new java.util.ArrayList<>(java.util.List.of("params"));
    arrays.addAll(g.optimizer().stateArrays());
    if (g.model().stateCount() > 0) {
      arrays.add("state");
    }
    MethodSpec.Builder snapshot = MethodSpec.methodBuilder("snapshot")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(Object.class)
        .addStatement("return new Object[] {$L, step}", String.join(", ", arrays.stream().map(a -> a + ".clone()").toList()));
    MethodSpec.Builder restore = MethodSpec.methodBuilder("restore")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(Object.class, "snapshot")
        .addStatement("Object[] copies = (Object[]) snapshot");
    for (int i = 0; i < arrays.size(); i++) {
      restore.addStatement("$T.arraycopy(copies[$L], 0, $L, 0, $L.length)", System.class, i, arrays.get(i), arrays.get(i));
    }
    restore.addStatement("step = (Long) copies[$L]", arrays.size());
    type.addMethod(snapshot.build());
    type.addMethod(restore.build());
  }

  private static CodeBlock trainingBatchCheck(ModelClassGenerator g) {
    int min = g.model().minTrainingBatch();
    if (min <= 1) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder()
        .beginControlFlow("if (n < $L)", min)
        .addStatement("throw new $T($S + n)", IllegalArgumentException.class,
            "batch norm needs at least " + min + " examples per training batch to estimate a variance, got ")
        .endControlFlow()
        .build();
  }

  private static void checks(ModelClassGenerator g, TypeSpec.Builder type) {
    ModelIr model = g.model();
    MethodSpec.Builder check = MethodSpec.methodBuilder("check")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(g.array(), "x")
        .addParameter(g.array(), "y")
        .addParameter(int.class, "n")
        .addStatement("$T.inputs(x, n, INPUT_SIZE)", ModelClassGenerator.CHECKS)
        .addStatement("$T.targets(y, n, TARGET_SIZE)", ModelClassGenerator.CHECKS);
    if (model.classes() > 0) {
      check.addStatement("$T.labels(y, n, $L)", ModelClassGenerator.CHECKS, model.classes());
    }
    type.addMethod(check.build());
    type.addMethod(MethodSpec.methodBuilder("meanLoss")
        .addModifiers(Modifier.PRIVATE)
        .addParameter(g.array(), "x")
        .addParameter(g.array(), "y")
        .addParameter(int.class, "n")
        .addParameter(boolean.class, "training")
        .returns(g.precision().type())
        .addCode(g.bodies().meanLoss())
        .build());
  }
}
