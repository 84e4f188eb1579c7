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
   * One optimizer step. A single pass computes every new value into scratch arrays; only when all
   * are finite do they replace the parameters (copied, since callers hold the parameter array)
   * and the optimizer's state (swapped with its scratch). So a step that would make any value NaN
   * or infinite is not taken at all, and the model keeps its last good parameters and state.
   */
  CodeBlock body() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// A gradient that is not finite stops training before it touches the parameters.\n");
    code.addStatement("$T.finite(grads, PARAMETER_INFO, $S, epoch + 1, step + 1L)", CHECKS, "gradient");
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
    code.add("// New values go to scratch first: nothing is stored until all of them are finite.\n");
    code.addStatement("$T.forRange(PARAMETER_COUNT, updateTask)", PARALLEL);
    code.addStatement("int rejected = -1");
    for (Store store : rule.stores()) {
      code.addStatement("rejected = $T.firstNonFinite($L, rejected)", CHECKS, scratch(store.array()));
    }
    code.addStatement("$T.finiteUpdate(rejected, PARAMETER_INFO, epoch + 1, step + 1L)", CHECKS);
    for (Store store : rule.stores()) {
      String array = store.array();
      if (array.equals("params")) {
        code.addStatement("$T.arraycopy($L, 0, params, 0, PARAMETER_COUNT)", System.class, scratch(array));
      } else {
        code.addStatement("$L[] $L = $L", p.keyword(), "old" + capitalized(array), array);
        code.addStatement("$L = $L", array, scratch(array));
        code.addStatement("$L = $L", scratch(array), "old" + capitalized(array));
      }
    }
    return code.addStatement("step++").build();
  }

  private Rule rule() {
    return spec instanceof OptimizerSpec.Adam a ? adam(a)
        : spec instanceof OptimizerSpec.Rmsprop r ? rmsprop(r) : sgd((OptimizerSpec.Sgd) spec);
  }

  /**
   * The rule over the elements from {@code from} to {@code to}, into the scratch arrays: its
   * elements are independent, so the pool's threads can share the range (Parallel.forRange).
   */
  CodeBlock rangeBody() {
    Rule rule = rule();
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("for (int i = from; i < to; i++)");
    code.add(rule.locals());
    for (Store store : rule.stores()) {
      code.addStatement("$L[i] = $L", scratch(store.array()), store.local());
    }
    return code.endControlFlow().build();
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
   * An update rule: scalars computed once per step, the new values of one element as locals, and
   * the array each of those locals replaces an element of.
   */
  private record Rule(java.util.List<Scalar> scalars, CodeBlock locals, java.util.List<Store> stores) {}

  /** A value computed once per step: {@code name = value}, of the model's precision. */
  private record Scalar(String name, String value) {}

  /** A new value: {@code array[i] = local}, once the whole step is known to be finite. */
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
    String t = p.keyword();
    java.util.List<Scalar> scalars = new java.util.ArrayList<>(java.util.List.of(
        new Scalar("stepSize", p.narrow("rate / (1 - Math.pow(" + a.beta1() + ", step + 1))")),
        new Scalar("inverseCorrection2", p.narrow("1 / Math.sqrt(1 - Math.pow(" + a.beta2() + ", step + 1))"))));
    boolean decoupled = a.decoupled() && a.weightDecay() != 0;
    if (decoupled) {
      scalars.add(new Scalar("decay", p.narrow("1 - rate * " + a.weightDecay())));
    }
    CodeBlock.Builder locals = CodeBlock.builder();
    if (decoupled) {
      locals.add("// Decoupled weight decay shrinks the parameter before the Adam step.\n");
      locals.addStatement("$L decayed = params[i] * decay", t);
      locals.addStatement("$L g = grads[i]", t);
    } else if (a.weightDecay() != 0) {
      locals.addStatement("$L decayed = params[i]", t);
      locals.addStatement("$L g = grads[i] + $L * params[i]", t, p.literal(a.weightDecay()));
    } else {
      locals.addStatement("$L decayed = params[i]", t);
      locals.addStatement("$L g = grads[i]", t);
    }
    locals.addStatement("$L m1 = m[i] * $L + g * $L", t, p.literal(a.beta1()), p.literal(1 - a.beta1()));
    locals.addStatement("$L v1 = v[i] * $L + g * g * $L", t, p.literal(a.beta2()), p.literal(1 - a.beta2()));
    locals.addStatement("$L next = decayed - stepSize * (m1 / ($L * inverseCorrection2 + $L))", t, p.math("sqrt", "v1"),
        p.literal(a.eps()));
    return new Rule(scalars, locals.build(),
        java.util.List.of(new Store("params", "next"), new Store("m", "m1"), new Store("v", "v1")));
  }

  /**
   * <pre>
   * v = alpha v + (1 - alpha) g^2;  avg = sqrt(v) + eps
   * p -= lr (momentum ? (buf = momentum buf + g / avg) : g / avg)
   * </pre>
   */
  private Rule rmsprop(OptimizerSpec.Rmsprop r) {
    String t = p.keyword();
    java.util.List<Scalar> setup = java.util.List.of(new Scalar("alpha", p.narrow("rate")));
    CodeBlock.Builder locals = CodeBlock.builder();
    if (r.weightDecay() != 0) {
      locals.addStatement("$L g = grads[i] + $L * params[i]", t, p.literal(r.weightDecay()));
    } else {
      locals.addStatement("$L g = grads[i]", t);
    }
    locals.addStatement("$L v1 = v[i] * $L + g * g * $L", t, p.literal(r.alpha()), p.literal(1 - r.alpha()));
    locals.addStatement("$L avg = $L + $L", t, p.math("sqrt", "v1"), p.literal(r.eps()));
    java.util.List<Store> stores;
    if (r.momentum() != 0) {
      locals.addStatement("$L buf = velocity[i] * $L + g / avg", t, p.literal(r.momentum()));
      locals.addStatement("$L next = params[i] - alpha * buf", t);
      stores = java.util.List.of(new Store("params", "next"), new Store("v", "v1"), new Store("velocity", "buf"));
    } else {
      locals.addStatement("$L next = params[i] - alpha * (g / avg)", t);
      stores = java.util.List.of(new Store("params", "next"), new Store("v", "v1"));
    }
    return new Rule(setup, locals.build(), stores);
  }

  /**
   * <pre>
   * g += weight_decay p;  buf = g on the first step, else momentum buf + g
   * p -= lr (nesterov ? g + momentum buf : buf)
   * </pre>
   */
  private Rule sgd(OptimizerSpec.Sgd s) {
    String t = p.keyword();
    java.util.List<Scalar> setup = java.util.List.of(new Scalar("alpha", p.narrow("rate")));
    CodeBlock.Builder locals = CodeBlock.builder();
    if (s.weightDecay() != 0) {
      locals.addStatement("$L g = grads[i] + $L * params[i]", t, p.literal(s.weightDecay()));
    } else {
      locals.addStatement("$L g = grads[i]", t);
    }
    java.util.List<Store> stores;
    if (s.momentum() != 0) {
      locals.addStatement("$L buf = step == 0 ? g : $L * velocity[i] + g", t, p.literal(s.momentum()));
      locals.addStatement("$L next = params[i] - alpha * $L", t,
          s.nesterov() ? "(g + " + p.literal(s.momentum()) + " * buf)" : "buf");
      stores = java.util.List.of(new Store("params", "next"), new Store("velocity", "buf"));
    } else {
      locals.addStatement("$L next = params[i] - alpha * g", t);
      stores = java.util.List.of(new Store("params", "next"));
    }
    return new Rule(setup, locals.build(), stores);
  }
}
