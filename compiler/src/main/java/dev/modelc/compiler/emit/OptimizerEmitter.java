package dev.modelc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.ir.OptimizerSpec;
import dev.modelc.compiler.ir.ScheduleSpec;
import dev.modelc.compiler.ir.TrainSpec;

/**
 * The optimizer step over the flat parameter, gradient and state arrays: one pass for the new
 * parameters and one, once the step is known to be finite, for the new state (see {@link #body}),
 * following PyTorch's update rules term by term so that trajectories can be compared step by step;
 * and the learning-rate schedule and gradient clipping around it.
 */
final class OptimizerEmitter {
  private static final ClassName CHECKS = ClassName.get(ModelClassGenerator.RUNTIME, "Checks");
  private static final ClassName PARALLEL = ClassName.get(ModelClassGenerator.RUNTIME, "Parallel");
  /** The method that updates a range of the parameters, and the task field that refers to it. */
  static final String RANGE_METHOD = "updateRange";
  static final String RANGE_TASK = "updateTask";
  /** The method that stores the new state of a range once a step is taken, and its task field. */
  static final String STATE_METHOD = "stateRange";
  static final String STATE_TASK = "stateTask";
  /** An element of the parameters, as the rule reads it in the first pass. */
  private static final String PARAMETER = "params[i]";
  /** The parameters before the current step, and what finds the new values a step rejects. */
  static final String PREVIOUS = "previousParams";
  static final String REJECTION = "rejection";

  private final TrainSpec train;
  private final OptimizerSpec spec;
  private final Precision p;

  OptimizerEmitter(TrainSpec train, Precision precision) {
    this.train = train;
    this.spec = train.optimizer();
    this.p = precision;
  }

  /** The state arrays the optimizer keeps per parameter element, saved in checkpoints. */
  java.util.List<String> stateArrays() {
    return spec.stateArrays();
  }

  /** A comment naming the rule, for the generated method's Javadoc. */
  String describe() {
    if (spec instanceof OptimizerSpec.Adam a) {
      return (a.decoupled() ? "AdamW" : "Adam") + " (lr " + a.lr() + ", betas " + a.beta1() + ", " + a.beta2()
          + ", eps " + a.eps() + ", weight decay " + a.weightDecay() + "), as torch.optim." + (a.decoupled() ? "AdamW" : "Adam");
    }
    if (spec instanceof OptimizerSpec.Rmsprop r) {
      return "RMSprop (lr " + r.lr() + ", alpha " + r.alpha() + ", eps " + r.eps() + ", momentum " + r.momentum()
          + ", weight decay " + r.weightDecay() + "), as torch.optim.RMSprop";
    }
    OptimizerSpec.Sgd s = (OptimizerSpec.Sgd) spec;
    return "SGD (lr " + s.lr() + ", momentum " + s.momentum() + (s.nesterov() ? ", Nesterov" : "")
        + ", weight decay " + s.weightDecay() + "), as torch.optim.SGD";
  }

  /**
   * The learning rate of an epoch: the base rate through each epoch schedule in order, for
   * {@code startEpoch} and the constructor.
   */
  String epochRate(String epoch) {
    String rate = "baseLr";
    for (ScheduleSpec s : train.schedules()) {
      if (s instanceof ScheduleSpec.Step step) {
        rate = rate + " * Math.pow(" + step.gamma() + ", " + epoch + " / " + step.every() + ")";
      } else if (s instanceof ScheduleSpec.Exponential e) {
        rate = rate + " * Math.pow(" + e.gamma() + ", " + epoch + ")";
      } else if (s instanceof ScheduleSpec.Cosine c) {
        rate = c.minLr() + " + (" + rate + " - " + c.minLr() + ") * (1 + Math.cos(Math.PI * " + epoch
            + " / Math.max(1, epochsPlanned))) / 2";
      }
    }
    return rate;
  }

  /**
   * One optimizer step, in two passes over the elements, each split across the pool's threads.
   * The first stores the new parameters in place (callers hold the parameter array) after keeping
   * the old ones, and scans them; the new state it computes only to fold into that scan. When
   * all are finite the second stores the new state in place; otherwise the old parameters go
   * back and the state was never touched. So a step that would make any value NaN or infinite is
   * not taken, and the model keeps its last good parameters and state, with no second copy of
   * the state: five arrays per parameter with Adam instead of seven, and less memory traffic.
   */
  CodeBlock body() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (train.clipNorm() > 0 || train.clipValue() > 0) {
      code.add("// A gradient that is not finite stops training before clipping can hide it.\n");
      code.addStatement("$T.finite(grads, PARAMETER_INFO, $S, epoch + 1, step + 1L)", CHECKS, "gradient");
    }
    code.add(clipping());
    String rate = "lr";
    for (ScheduleSpec s : train.schedules()) {
      if (s instanceof ScheduleSpec.Warmup w) {
        code.add("// Linear warmup over the first $L steps.\n", w.steps());
        rate = "lr * Math.min(1.0, (step + 1) / " + (double) w.steps() + ")";
      }
    }
    code.addStatement("double rate = $L", rate);
    Rule rule = rule(PARAMETER);
    for (Scalar scalar : rule.scalars()) {
      code.addStatement("$L = $L", scalar.name(), scalar.value());
    }
    code.add("// The new parameters are stored in place, the old ones kept. A gradient or new state value\n"
        + "// that is not finite makes its parameter's new value NaN, so the scan of the new parameters\n"
        + "// finds every element the step must reject.\n");
    code.addStatement("$L.reset()", REJECTION);
    code.addStatement("$T.forRange(PARAMETER_COUNT, $L)", PARALLEL, RANGE_TASK);
    code.addStatement("int rejected = $L.first()", REJECTION);
    code.beginControlFlow("if (rejected >= 0)");
    code.add("// The step is not taken: the old parameters go back, and the state is as it was.\n");
    code.addStatement("$T.arraycopy($L, 0, params, 0, PARAMETER_COUNT)", System.class, PREVIOUS);
    code.endControlFlow();
    code.addStatement("$T.rejectStep(rejected, grads, PARAMETER_INFO, epoch + 1, step + 1L)", CHECKS);
    if (hasState()) {
      code.add("// The step is taken: its new state, computed again from the old.\n");
      code.addStatement("$T.forRange(PARAMETER_COUNT, $L)", PARALLEL, STATE_TASK);
    }
    return code.addStatement("step++").build();
  }

  /** Whether the rule keeps state, and so the model has a {@link #STATE_METHOD}. */
  boolean hasState() {
    return !spec.stateArrays().isEmpty();
  }

  /**
   * The rule, reading each element's parameter from {@code parameter}: the parameters
   * themselves in the first pass, the copy of the old ones in the second.
   */
  private Rule rule(String parameter) {
    return spec instanceof OptimizerSpec.Adam a ? adam(a, parameter)
        : spec instanceof OptimizerSpec.Rmsprop r ? rmsprop(r, parameter) : sgd((OptimizerSpec.Sgd) spec, parameter);
  }

  /**
   * The first pass over the elements from {@code from} to {@code to}: its elements are
   * independent, so the pool's threads can share the range (Parallel.forRange). One loop keeps
   * each old parameter and stores the new one, with zero times each new state value folded in;
   * it stores into two arrays, which C2 (JDK 17) vectorizes, where it does not vectorize a loop
   * that stores into three (four times slower). The range's new parameters are scanned last,
   * while in the cache.
   */
  CodeBlock rangeBody() {
    Rule rule = rule(PARAMETER);
    java.util.Set<String> needed = new java.util.HashSet<>();
    String value = newParameter(rule);
    addNames(value, needed);
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int i = from; i < to; i++)");
    code.addStatement("$L[i] = $L", PREVIOUS, PARAMETER);
    code.add(locals(rule, needed));
    code.addStatement("$L = $L", PARAMETER, value);
    code.endControlFlow();
    return code.addStatement("$L.scan(params, from, to)", REJECTION).build();
  }

  /**
   * The second pass, once the step is taken: the new state of the elements from {@code from} to
   * {@code to}, into the state arrays. The rule reads the parameters the step started from, kept
   * by the first pass, so each value is the one that pass computed, to the bit.
   */
  CodeBlock stateRangeBody() {
    Rule rule = rule(PREVIOUS + "[i]");
    java.util.Set<String> needed = new java.util.HashSet<>();
    rule.state().forEach(store -> needed.add(store.local()));
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int i = from; i < to; i++)");
    code.add(locals(rule, needed));
    for (Store store : rule.state()) {
      code.addStatement("$L[i] = $L", store.array(), store.local());
    }
    return code.endControlFlow().build();
  }

  /**
   * The declarations of the rule's locals that {@code needed} names, and of those they read, in
   * the rule's order; {@code needed} gains their names.
   */
  private CodeBlock locals(Rule rule, java.util.Set<String> needed) {
    java.util.List<Local> locals = rule.locals();
    java.util.List<Local> emitted = new java.util.ArrayList<>();
    for (int i = locals.size() - 1; i >= 0; i--) {
      Local local = locals.get(i);
      if (needed.contains(local.name())) {
        emitted.add(0, local);
        addNames(local.value(), needed);
      }
    }
    CodeBlock.Builder code = CodeBlock.builder();
    for (Local local : emitted) {
      if (local.comment() != null) {
        code.add("// $L\n", local.comment());
      }
      code.addStatement("$L $L = $L", p.keyword(), local.name(), local.value());
    }
    return code.build();
  }

  /**
   * What the new parameter stores: the rule's {@code next}, plus zero times each new state value,
   * which is zero when that value is finite and NaN when it is not (an infinite v of Adam would
   * otherwise give a finite parameter), so that the scan of the new parameters covers the state.
   */
  private String newParameter(Rule rule) {
    StringBuilder value = new StringBuilder("next");
    for (Store state : rule.state()) {
      value.append(" + ").append(p.literal(0)).append(" * ").append(state.local());
    }
    return value.toString();
  }

  private static void addNames(String expression, java.util.Set<String> names) {
    names.addAll(Words.names(expression));
  }

  /** The scalars of the rule, computed once per step into fields that {@link #rangeBody} reads. */
  java.util.List<String> scalarFields() {
    return rule(PARAMETER).scalars().stream().map(Scalar::name).toList();
  }

  /**
   * An update rule: scalars computed once per step, the new values of one element as locals (the
   * parameter's is always {@code next}), and the state array each new state value replaces an
   * element of.
   */
  private record Rule(java.util.List<Scalar> scalars, java.util.List<Local> locals, java.util.List<Store> state) {}

  /** {@code type name = value;} for one element, with a comment line before it when not null. */
  private record Local(String name, String value, String comment) {
    Local(String name, String value) {
      this(name, value, null);
    }
  }

  /** A value computed once per step: {@code name = value}, of the model's precision. */
  private record Scalar(String name, String value) {}

  /** A new state value: {@code array[i] = local}, once the whole step is known to be finite. */
  private record Store(String array, String local) {}

  /**
   * The stores of a rule whose new state values are {@code locals}, each into the state array
   * the spec names in the same place ({@link OptimizerSpec#stateArrays}), so that the arrays
   * the class allocates, saves and plans are the ones the rule writes.
   */
  private java.util.List<Store> stores(String... locals) {
    java.util.List<String> arrays = spec.stateArrays();
    if (arrays.size() != locals.length) {
      throw new IllegalStateException(spec + " keeps " + arrays + ", its rule computes " + java.util.Arrays.toString(locals));
    }
    java.util.List<Store> stores = new java.util.ArrayList<>();
    for (int i = 0; i < locals.length; i++) {
      stores.add(new Store(arrays.get(i), locals[i]));
    }
    return stores;
  }

  /** {@code clip_grad_norm_} and {@code clip_grad_value_}, before the rule, as a training script calls them. */
  private CodeBlock clipping() {
    CodeBlock.Builder code = CodeBlock.builder();
    if (train.clipNorm() > 0) {
      code.add("// clip_norm $L: scale the gradient by max_norm / (norm + 1e-6) when that is below 1.\n", train.clipNorm());
      code.addStatement("double norm = 0");
      code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
      // Summed in double, however the gradient is stored.
      code.addStatement(p == Precision.FLOAT ? "norm += (double) grads[i] * grads[i]" : "norm += grads[i] * grads[i]");
      code.endControlFlow();
      code.addStatement("double coefficient = $L / (Math.sqrt(norm) + 1e-6)", train.clipNorm());
      code.beginControlFlow("if (coefficient < 1)");
      code.addStatement("$L scale = $L", p.keyword(), p.narrow("coefficient"));
      code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
      code.addStatement("grads[i] *= scale");
      code.endControlFlow();
      code.endControlFlow();
    }
    if (train.clipValue() > 0) {
      code.add("// clip_value $L: clamp every gradient element.\n", train.clipValue());
      code.beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)");
      code.addStatement("grads[i] = Math.max($L, Math.min($L, grads[i]))", p.literal(-train.clipValue()),
          p.literal(train.clipValue()));
      code.endControlFlow();
    }
    return code.build();
  }

  /**
   * <pre>
   * m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
   * p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
   * </pre>
   * The bias corrections are scalars computed in double, as PyTorch computes them in Python; the
   * division by sqrt(1 - beta2^t) is a multiplication by its inverse, which differs from it by at
   * most a rounding and spares each element one of the two divisions that bound the step's speed.
   */
  private Rule adam(OptimizerSpec.Adam a, String param) {
    java.util.List<Scalar> scalars = new java.util.ArrayList<>(java.util.List.of(
        new Scalar("stepSize", p.narrow("rate / (1 - Math.pow(" + a.beta1() + ", step + 1))")),
        new Scalar("inverseCorrection2", p.narrow("1 / Math.sqrt(1 - Math.pow(" + a.beta2() + ", step + 1))"))));
    boolean decoupled = a.decoupled() && a.weightDecay() != 0;
    if (decoupled) {
      scalars.add(new Scalar("decay", p.narrow("1 - rate * " + a.weightDecay())));
    }
    java.util.List<Local> locals = new java.util.ArrayList<>();
    if (decoupled) {
      locals.add(new Local("decayed", param + " * decay", "Decoupled weight decay shrinks the parameter before the Adam step."));
      locals.add(new Local("g", "grads[i]"));
    } else if (a.weightDecay() != 0) {
      locals.add(new Local("decayed", param));
      locals.add(new Local("g", "grads[i] + " + p.literal(a.weightDecay()) + " * " + param));
    } else {
      locals.add(new Local("decayed", param));
      locals.add(new Local("g", "grads[i]"));
    }
    locals.add(new Local("m1", "m[i] * " + p.literal(a.beta1()) + " + g * " + p.literal(1 - a.beta1())));
    locals.add(new Local("v1", "v[i] * " + p.literal(a.beta2()) + " + g * g * " + p.literal(1 - a.beta2())));
    locals.add(new Local("next", "decayed - stepSize * (m1 / (" + p.math("sqrt", "v1") + " * inverseCorrection2 + "
        + p.literal(a.eps()) + "))"));
    return new Rule(scalars, locals, stores("m1", "v1"));
  }

  /**
   * <pre>
   * v = alpha v + (1 - alpha) g^2;  avg = sqrt(v) + eps
   * p -= lr (momentum ? (buf = momentum buf + g / avg) : g / avg)
   * </pre>
   */
  private Rule rmsprop(OptimizerSpec.Rmsprop r, String param) {
    java.util.List<Scalar> setup = java.util.List.of(new Scalar("alpha", p.narrow("rate")));
    java.util.List<Local> locals = new java.util.ArrayList<>();
    locals.add(new Local("g", r.weightDecay() != 0 ? "grads[i] + " + p.literal(r.weightDecay()) + " * " + param : "grads[i]"));
    locals.add(new Local("v1", "v[i] * " + p.literal(r.alpha()) + " + g * g * " + p.literal(1 - r.alpha())));
    locals.add(new Local("avg", p.math("sqrt", "v1") + " + " + p.literal(r.eps())));
    java.util.List<Store> state;
    if (r.momentum() != 0) {
      locals.add(new Local("buf", "velocity[i] * " + p.literal(r.momentum()) + " + g / avg"));
      locals.add(new Local("next", param + " - alpha * buf"));
      state = stores("v1", "buf");
    } else {
      locals.add(new Local("next", param + " - alpha * (g / avg)"));
      state = stores("v1");
    }
    return new Rule(setup, locals, state);
  }

  /**
   * <pre>
   * g += weight_decay p;  buf = g on the first step, else momentum buf + g
   * p -= lr (nesterov ? g + momentum buf : buf)
   * </pre>
   */
  private Rule sgd(OptimizerSpec.Sgd s, String param) {
    java.util.List<Scalar> setup = java.util.List.of(new Scalar("alpha", p.narrow("rate")));
    java.util.List<Local> locals = new java.util.ArrayList<>();
    locals.add(new Local("g", s.weightDecay() != 0 ? "grads[i] + " + p.literal(s.weightDecay()) + " * " + param : "grads[i]"));
    java.util.List<Store> state;
    if (s.momentum() != 0) {
      locals.add(new Local("buf", "step == 0 ? g : " + p.literal(s.momentum()) + " * velocity[i] + g"));
      locals.add(new Local("next", param + " - alpha * "
          + (s.nesterov() ? "(g + " + p.literal(s.momentum()) + " * buf)" : "buf")));
      state = stores("buf");
    } else {
      locals.add(new Local("next", param + " - alpha * g"));
      state = stores();
    }
    return new Rule(setup, locals, state);
  }
}
