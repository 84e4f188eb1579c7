package dev.modelc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.ir.OptimizerSpec;
import dev.modelc.compiler.ir.ScheduleSpec;
import dev.modelc.compiler.ir.TrainSpec;

/**
 * The optimizer step as one pass over the flat parameter, gradient and state arrays, following
 * PyTorch's update rules term by term so that trajectories can be compared step by step; and the
 * learning-rate schedule and gradient clipping around it.
 */
final class OptimizerEmitter {
  private static final ClassName CHECKS = ClassName.get(ModelClassGenerator.RUNTIME, "Checks");
  private static final ClassName PARALLEL = ClassName.get(ModelClassGenerator.RUNTIME, "Parallel");
  /** The method that updates a range of the parameters, and the task field that refers to it. */
  static final String RANGE_METHOD = "updateRange";
  static final String RANGE_TASK = "updateTask";
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
  String[] stateArrays() {
    if (spec instanceof OptimizerSpec.Adam) {
      return new String[] {"m", "v"};
    }
    if (spec instanceof OptimizerSpec.Rmsprop r) {
      return r.momentum() != 0 ? new String[] {"v", "velocity"} : new String[] {"v"};
    }
    OptimizerSpec.Sgd sgd = (OptimizerSpec.Sgd) spec;
    return sgd.momentum() != 0 ? new String[] {"velocity"} : new String[0];
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
   * One optimizer step. One pass over the elements, split across the pool's threads, stores the
   * new parameters in place (callers hold the parameter array), after keeping the old ones, and
   * the new state into scratch arrays; each range scans its new parameters while they are in the
   * cache. When all are finite the state trades places with its scratch; otherwise the old
   * parameters are put back. So a step that would make any value NaN or infinite is not taken,
   * and the model keeps its last good parameters and state.
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
    Rule rule = rule();
    for (Scalar scalar : rule.scalars()) {
      code.addStatement("$L = $L", scalar.name(), scalar.value());
    }
    code.add("// The new parameters are stored in place, the old ones kept, the new state in scratch. A\n"
        + "// gradient or state value that is not finite makes its parameter's new value NaN, so the\n"
        + "// scan of the new parameters finds every element the step must reject.\n");
    code.addStatement("$L.reset()", REJECTION);
    code.addStatement("$T.forRange(PARAMETER_COUNT, updateTask)", PARALLEL);
    code.addStatement("int rejected = $L.first()", REJECTION);
    code.beginControlFlow("if (rejected >= 0)");
    code.add("// The step is not taken: the old parameters go back, and the state keeps its arrays.\n");
    code.addStatement("$T.arraycopy($L, 0, params, 0, PARAMETER_COUNT)", System.class, PREVIOUS);
    code.endControlFlow();
    code.addStatement("$T.rejectStep(rejected, grads, PARAMETER_INFO, epoch + 1, step + 1L)", CHECKS);
    for (Store store : rule.state()) {
      String array = store.array();
      code.addStatement("$L[] $L = $L", p.keyword(), "old" + capitalized(array), array);
      code.addStatement("$L = $L", array, scratch(array));
      code.addStatement("$L = $L", scratch(array), "old" + capitalized(array));
    }
    return code.addStatement("step++").build();
  }

  private Rule rule() {
    return spec instanceof OptimizerSpec.Adam a ? adam(a)
        : spec instanceof OptimizerSpec.Rmsprop r ? rmsprop(r) : sgd((OptimizerSpec.Sgd) spec);
  }

  /**
   * The rule over the elements from {@code from} to {@code to}: its elements are independent, so
   * the pool's threads can share the range (Parallel.forRange). A rule with state runs as two
   * loops, the state into its scratch first and then the parameters from the stored state, since
   * each loop then stores into at most two arrays (the parameters and their old values, or two of
   * state): C2 (JDK 17) vectorizes such a loop over a range, but not one that stores into three,
   * which ran four times slower. The range's new parameters are scanned last, while in the cache.
   */
  CodeBlock rangeBody() {
    Rule rule = rule();
    CodeBlock.Builder code = CodeBlock.builder();
    if (rule.state().isEmpty()) {
      code.add(loop(rule, java.util.List.of(), true, java.util.Map.of()));
    } else {
      code.add("// The optimizer's state, then the parameters from it: two loops that the JIT vectorizes.\n");
      code.add(loop(rule, rule.state(), false, java.util.Map.of()));
      java.util.Map<String, String> loaded = new java.util.HashMap<>();
      for (Store st : rule.state()) {
        loaded.put(st.local(), scratch(st.array()) + "[i]");
      }
      code.add(loop(rule, java.util.List.of(), true, loaded));
    }
    return code.addStatement("$L.scan(params, from, to)", REJECTION).build();
  }

  /**
   * One loop over the range that stores {@code stores} into their scratch arrays, or, when
   * {@code params}, the new parameters in place after their old values; it declares the locals
   * they need and no others. A local in {@code loaded} is read back from the expression given
   * instead of computed.
   */
  private CodeBlock loop(Rule rule, java.util.List<Store> stores, boolean params, java.util.Map<String, String> loaded) {
    java.util.List<Local> locals = rule.locals();
    java.util.Set<String> needed = new java.util.HashSet<>();
    stores.forEach(store -> needed.add(store.local()));
    if (params) {
      addNames(newParameter(rule), needed);
    }
    java.util.List<Local> emitted = new java.util.ArrayList<>();
    for (int i = locals.size() - 1; i >= 0; i--) {
      Local local = locals.get(i);
      if (!needed.contains(local.name())) {
        continue;
      }
      Local actual = loaded.containsKey(local.name()) ? new Local(local.name(), loaded.get(local.name()), null) : local;
      emitted.add(0, actual);
      addNames(actual.value(), needed);
    }
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int i = from; i < to; i++)");
    if (params) {
      code.addStatement("$L[i] = params[i]", PREVIOUS);
    }
    for (Local local : emitted) {
      if (local.comment() != null) {
        code.add("// $L\n", local.comment());
      }
      code.addStatement("$L $L = $L", p.keyword(), local.name(), local.value());
    }
    if (params) {
      code.addStatement("params[i] = $L", newParameter(rule));
    }
    for (Store store : stores) {
      code.addStatement("$L[i] = $L", scratch(store.array()), store.local());
    }
    return code.endControlFlow().build();
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
    return rule().scalars().stream().map(Scalar::name).toList();
  }

  /** The scratch array an optimizer step computes the new values of {@code array} into. */
  static String scratch(String array) {
    return "next" + capitalized(array);
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
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
  private Rule adam(OptimizerSpec.Adam a) {
    java.util.List<Scalar> scalars = new java.util.ArrayList<>(java.util.List.of(
        new Scalar("stepSize", p.narrow("rate / (1 - Math.pow(" + a.beta1() + ", step + 1))")),
        new Scalar("inverseCorrection2", p.narrow("1 / Math.sqrt(1 - Math.pow(" + a.beta2() + ", step + 1))"))));
    boolean decoupled = a.decoupled() && a.weightDecay() != 0;
    if (decoupled) {
      scalars.add(new Scalar("decay", p.narrow("1 - rate * " + a.weightDecay())));
    }
    java.util.List<Local> locals = new java.util.ArrayList<>();
    if (decoupled) {
      locals.add(new Local("decayed", "params[i] * decay", "Decoupled weight decay shrinks the parameter before the Adam step."));
      locals.add(new Local("g", "grads[i]"));
    } else if (a.weightDecay() != 0) {
      locals.add(new Local("decayed", "params[i]"));
      locals.add(new Local("g", "grads[i] + " + p.literal(a.weightDecay()) + " * params[i]"));
    } else {
      locals.add(new Local("decayed", "params[i]"));
      locals.add(new Local("g", "grads[i]"));
    }
    locals.add(new Local("m1", "m[i] * " + p.literal(a.beta1()) + " + g * " + p.literal(1 - a.beta1())));
    locals.add(new Local("v1", "v[i] * " + p.literal(a.beta2()) + " + g * g * " + p.literal(1 - a.beta2())));
    locals.add(new Local("next", "decayed - stepSize * (m1 / (" + p.math("sqrt", "v1") + " * inverseCorrection2 + "
        + p.literal(a.eps()) + "))"));
    return new Rule(scalars, locals,
        java.util.List.of(new Store("m", "m1"), new Store("v", "v1")));
  }

  /**
   * <pre>
   * v = alpha v + (1 - alpha) g^2;  avg = sqrt(v) + eps
   * p -= lr (momentum ? (buf = momentum buf + g / avg) : g / avg)
   * </pre>
   */
  private Rule rmsprop(OptimizerSpec.Rmsprop r) {
    java.util.List<Scalar> setup = java.util.List.of(new Scalar("alpha", p.narrow("rate")));
    java.util.List<Local> locals = new java.util.ArrayList<>();
    locals.add(new Local("g", r.weightDecay() != 0 ? "grads[i] + " + p.literal(r.weightDecay()) + " * params[i]" : "grads[i]"));
    locals.add(new Local("v1", "v[i] * " + p.literal(r.alpha()) + " + g * g * " + p.literal(1 - r.alpha())));
    locals.add(new Local("avg", p.math("sqrt", "v1") + " + " + p.literal(r.eps())));
    java.util.List<Store> stores;
    if (r.momentum() != 0) {
      locals.add(new Local("buf", "velocity[i] * " + p.literal(r.momentum()) + " + g / avg"));
      locals.add(new Local("next", "params[i] - alpha * buf"));
      stores = java.util.List.of(new Store("v", "v1"), new Store("velocity", "buf"));
    } else {
      locals.add(new Local("next", "params[i] - alpha * (g / avg)"));
      stores = java.util.List.of(new Store("v", "v1"));
    }
    return new Rule(setup, locals, stores);
  }

  /**
   * <pre>
   * g += weight_decay p;  buf = g on the first step, else momentum buf + g
   * p -= lr (nesterov ? g + momentum buf : buf)
   * </pre>
   */
  private Rule sgd(OptimizerSpec.Sgd s) {
    java.util.List<Scalar> setup = java.util.List.of(new Scalar("alpha", p.narrow("rate")));
    java.util.List<Local> locals = new java.util.ArrayList<>();
    locals.add(new Local("g", s.weightDecay() != 0 ? "grads[i] + " + p.literal(s.weightDecay()) + " * params[i]" : "grads[i]"));
    java.util.List<Store> stores;
    if (s.momentum() != 0) {
      locals.add(new Local("buf", "step == 0 ? g : " + p.literal(s.momentum()) + " * velocity[i] + g"));
      locals.add(new Local("next", "params[i] - alpha * "
          + (s.nesterov() ? "(g + " + p.literal(s.momentum()) + " * buf)" : "buf")));
      stores = java.util.List.of(new Store("velocity", "buf"));
    } else {
      locals.add(new Local("next", "params[i] - alpha * g"));
      stores = java.util.List.of();
    }
    return new Rule(setup, locals, stores);
  }
}
