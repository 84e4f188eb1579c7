package dev.modelc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.modelc.compiler.ir.InitSpec;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.ParamDecl;
import dev.modelc.compiler.lower.MemoryPlan;
import dev.modelc.compiler.lower.Plan;
import javax.lang.model.element.Modifier;

/** The constants, fields and constructors of a generated model class. */
final class Members {
  private static final ClassName RNG = ClassName.get(ModelClassGenerator.RUNTIME, "Rng");
  private static final ClassName RANGE_TASK = ClassName.get(ModelClassGenerator.RUNTIME, "RangeTask");
  private static final ClassName REJECTION = ClassName.get(ModelClassGenerator.RUNTIME, "Rejection");
  private static final ClassName INIT = ClassName.get(ModelClassGenerator.RUNTIME, "Init");

  private Members() {}

  static void constants(ModelClassGenerator g, TypeSpec.Builder type) {
    ModelIr model = g.model();
    type.addField(constant("INPUT_SIZE", model.inputShape().size(), "Floats of input per example: shape " + model.inputShape() + "."));
    type.addField(constant("TARGET_SIZE", model.targetSize(),
        model.classes() > 0 ? "Floats of target per example: a class index in [0, " + model.classes() + ")."
            : "Floats of target per example: shape " + model.targetShape() + "."));
    type.addField(constant("OUTPUT_SIZE", g.outputSize(), "Floats of output per example."));
    type.addField(constant("PARAMETER_COUNT", model.parameterCount(), "Trainable floats, the length of parameters()."));
    type.addField(FieldSpec.builder(long.class, "FINGERPRINT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Identifies this model's parameter layout in checkpoints.\n")
        .initializer("$LL", Fingerprint.of(model, g.precision()))
        .build());
    CodeBlock.Builder infos = CodeBlock.builder().add("$T.of(", java.util.List.class);
    boolean first = true;
    for (ParamDecl decl : model.params()) {
      infos.add(first ? "\n" : ",\n");
      infos.add("    new $T($S, $L, $L)", ModelClassGenerator.PARAMETER_INFO, decl.name(), ModelClassGenerator.shapeList(decl), decl.offset());
      first = false;
    }
    type.addField(FieldSpec.builder(ModelClassGenerator.listOf(ModelClassGenerator.PARAMETER_INFO), "PARAMETER_INFO",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(infos.add(")").build())
        .build());
  }

  private static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(int.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", value)
        .build();
  }

  static void fields(ModelClassGenerator g, TypeSpec.Builder type) {
    Precision p = g.precision();
    type.addField(FieldSpec.builder(g.array(), "params", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $L[PARAMETER_COUNT]", p.keyword()).build());
    type.addField(FieldSpec.builder(g.array(), "grads", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $L[PARAMETER_COUNT]", p.keyword()).build());
    if (g.model().stateCount() > 0) {
      type.addField(FieldSpec.builder(g.array(), "state", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Non-trainable state, such as batch norm's running statistics, saved with the parameters.\n")
          .initializer("new $L[$L]", p.keyword(), g.model().stateCount()).build());
    }
    if (usesDropout(g)) {
      type.addField(FieldSpec.builder(RNG, "dropoutRng", Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Draws dropout masks; seeded from the model's seed, so training is repeatable.\n").build());
    }
    for (String state : g.optimizer().stateArrays()) {
      type.addField(FieldSpec.builder(g.array(), state, Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new $L[PARAMETER_COUNT]", p.keyword()).build());
    }
    type.addField(FieldSpec.builder(g.array(), OptimizerEmitter.PREVIOUS, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The parameters before the current optimizer step, put back when it is not taken.\n")
        .initializer("new $L[PARAMETER_COUNT]", p.keyword()).build());
    type.addField(FieldSpec.builder(REJECTION, OptimizerEmitter.REJECTION, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Finds the first new value of an optimizer step that is not finite, on any thread.\n")
        .initializer("new $T()", REJECTION).build());
    for (String scalar : g.optimizer().scalarFields()) {
      type.addField(FieldSpec.builder(p.type(), scalar, Modifier.PRIVATE)
          .addJavadoc("A scalar of the current optimizer step, read by {@code $L}.\n", OptimizerEmitter.RANGE_METHOD).build());
    }
    type.addField(FieldSpec.builder(RANGE_TASK, OptimizerEmitter.RANGE_TASK, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The optimizer's pass over a range of the parameters, made once so that no step allocates.\n")
        .initializer("this::$L", OptimizerEmitter.RANGE_METHOD).build());
    if (g.optimizer().hasState()) {
      type.addField(FieldSpec.builder(RANGE_TASK, OptimizerEmitter.STATE_TASK, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The optimizer's pass that stores the new state of a range, once a step is taken.\n")
          .initializer("this::$L", OptimizerEmitter.STATE_METHOD).build());
    }
    type.addField(FieldSpec.builder(long.class, "step", Modifier.PRIVATE)
        .addJavadoc("Optimizer steps taken so far.\n").build());
    type.addField(FieldSpec.builder(int.class, "epoch", Modifier.PRIVATE)
        .addJavadoc("The current epoch, from 0; after training, the number of epochs completed.\n").build());
    type.addField(FieldSpec.builder(double.class, "baseLr", Modifier.PRIVATE)
        .addJavadoc("The optimizer's learning rate before any schedule.\n")
        .initializer("$L", g.model().train().optimizer().lr()).build());
    type.addField(FieldSpec.builder(int.class, "epochsPlanned", Modifier.PRIVATE)
        .addJavadoc("The epochs of the current training run, which an annealing schedule spans.\n")
        .initializer("$L", g.model().train().epochs()).build());
    type.addField(FieldSpec.builder(double.class, "lr", Modifier.PRIVATE)
        .addJavadoc("The learning rate of the current epoch, before warmup.\n")
        .initializer("$L", g.model().train().optimizer().lr()).build());
    type.addField(FieldSpec.builder(int.class, "capacity", Modifier.PRIVATE)
        .addJavadoc("Examples the batched workspace arrays below have room for.\n").build());
    for (MemoryPlan.Slot slot : g.plan().memory().slots()) {
      type.addField(FieldSpec.builder(g.array(), slot.name(), Modifier.PRIVATE)
          .addJavadoc("$L floats per example, holding in turn: $L.\n", slot.size(),
              String.join(", ", slot.buffers().stream().map(Plan.Buffer::name).toList()))
          .initializer("new $L[0]", p.keyword())
          .build());
    }
    for (Plan.Buffer buffer : g.plan().buffers()) {
      if (!buffer.batched()) {
        type.addField(FieldSpec.builder(g.array(), buffer.name(), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("$L, shared by all examples.\n", buffer.node().shape())
            .initializer("new $L[$L]", p.keyword(), buffer.size())
            .build());
      }
    }
    type.addField(FieldSpec.builder(g.array(), "batchX", Modifier.PRIVATE).initializer("new $L[0]", p.keyword()).build());
    type.addField(FieldSpec.builder(g.array(), "batchY", Modifier.PRIVATE).initializer("new $L[0]", p.keyword()).build());
    type.addMethod(reserve(g));
  }

  static boolean usesDropout(ModelClassGenerator g) {
    return g.model().graph().nodes().stream().anyMatch(node -> node.op() instanceof dev.modelc.compiler.ir.Op.DropoutMask);
  }

  /** Grows the batched workspace to n examples; a no-op once it has been as large. */
  private static MethodSpec reserve(ModelClassGenerator g) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("reserve")
        .addModifiers(Modifier.PRIVATE)
        .addParameter(int.class, "n")
        .beginControlFlow("if (n <= capacity)")
        .addStatement("return")
        .endControlFlow();
    int widest = g.plan().memory().slots().stream().mapToInt(MemoryPlan.Slot::size).max().orElse(0);
    if (widest > 0) {
      m.beginControlFlow("if ((long) n * $L > Integer.MAX_VALUE - 8)", widest)
          .addStatement("throw new $T($S + n + $S)", IllegalArgumentException.class, "a batch of ",
              " examples needs larger arrays than Java allows; use smaller batches")
          .endControlFlow();
    }
    m.addStatement("capacity = n");
    for (MemoryPlan.Slot slot : g.plan().memory().slots()) {
      m.addStatement("$L = new $L[n * $L]", slot.name(), g.precision().keyword(), slot.size());
    }
    return m.build();
  }

  static void constructors(ModelClassGenerator g, TypeSpec.Builder type) {
    ModelIr model = g.model();
    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("A model with initial parameters drawn from the train block's seed, $L.\n", model.train().seed())
        .addStatement("this($LL)", model.train().seed())
        .build());
    MethodSpec.Builder seeded = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("A model with initial parameters drawn from {@code seed}.\n")
        .addParameter(long.class, "seed");
    boolean random = model.params().stream().anyMatch(d -> d.init().kind() != InitSpec.Kind.CONSTANT);
    if (random) {
      seeded.addStatement("$T rng = new $T(seed)", RNG, RNG);
    }
    if (usesDropout(g)) {
      seeded.addComment("A stream of its own, so that dropout does not shift with the number of parameters.");
      seeded.addStatement("dropoutRng = new $T(seed ^ 0x2545F4914F6CDD1DL)", RNG);
    }
    for (ParamDecl decl : model.states()) {
      if (decl.init().a() != 0) {
        seeded.addComment("$L starts at $L", decl.name(), decl.init().a());
        seeded.addStatement("$T.constant(state, $L, $L, $L)", INIT, decl.offset(), decl.shape().size(), decl.init().a());
      }
    }
    for (ParamDecl decl : model.params()) {
      InitSpec init = decl.init();
      String where = decl.offset() + ", " + decl.shape().size();
      switch (init.kind()) {
        case CONSTANT -> {
          if (init.a() == 0) {
            seeded.addComment("$L: zeros", decl.name());
          } else {
            seeded.addComment("$L: $L", decl.name(), init.source());
            seeded.addStatement("$T.constant(params, $L, $L)", INIT, where, init.a());
          }
        }
        case UNIFORM -> {
          seeded.addComment("$L: $L, uniform on [$L, $L)", decl.name(), init.source(), init.a(), init.b());
          seeded.addStatement("$T.uniform(params, $L, $L, $L, rng)", INIT, where, init.a(), init.b());
        }
        case NORMAL -> {
          seeded.addComment("$L: $L, normal with mean $L and standard deviation $L", decl.name(), init.source(), init.a(), init.b());
          seeded.addStatement("$T.normal(params, $L, $L, $L, rng)", INIT, where, init.a(), init.b());
        }
      }
    }
    type.addMethod(seeded.build());
  }
}
