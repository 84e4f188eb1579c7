package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.ast.Stmt;
import dev.modelc.compiler.ast.TrainStmt;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.diag.Span;
import dev.modelc.compiler.ir.OptimizerSpec;
import dev.modelc.compiler.ir.ScheduleSpec;
import dev.modelc.compiler.ir.TrainSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks a train block and resolves it to a {@link TrainSpec}, with the defaults of LANGUAGE.md §7. */
final class TrainChecker {
  static final List<String> SETTINGS = List.of("batch", "epochs", "seed", "shuffle", "clip_norm", "clip_value", "validation");
  static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw", "rmsprop");

  private final ModelChecker model;

  TrainChecker(ModelChecker model) {
    this.model = model;
  }

  TrainSpec check(Stmt.Train train) {
    TrainSpec defaults = TrainSpec.defaults();
    OptimizerSpec optimizer = defaults.optimizer();
    int batch = defaults.batch();
    int epochs = defaults.epochs();
    long seed = defaults.seed();
    boolean shuffle = defaults.shuffle();
    List<ScheduleSpec> schedules = new ArrayList<>();
    double clipNorm = 0;
    double clipValue = 0;
    double validation = 0;
    int patience = 0;
    double minDelta = 0;
    Map<String, Span> seen = new HashMap<>();
    for (TrainStmt s : train == null ? List.<TrainStmt>of() : train.statements()) {
      if (s instanceof TrainStmt.Optimizer o) {
        if (repeated("optimizer", o.span(), seen)) {
          continue;
        }
        OptimizerSpec spec = optimizer(o.call());
        optimizer = spec == null ? optimizer : spec;
      } else if (s instanceof TrainStmt.Setting setting) {
        String key = setting.keyword().text();
        if (!SETTINGS.contains(key)) {
          model.error(setting.keyword().span(), Messages.unknownSetting(key, Suggestions.nearest(key, SETTINGS)));
          continue;
        }
        if (repeated(key, setting.span(), seen)) {
          continue;
        }
        Expr v = setting.value();
        switch (key) {
          case "batch" -> batch = positiveInt(v, "the batch size", batch);
          case "epochs" -> epochs = count(v, "the number of epochs", epochs);
          case "seed" -> seed = integer(v, "the seed", seed);
          case "shuffle" -> shuffle = bool(v, "shuffle", shuffle);
          case "clip_norm" -> clipNorm = positive(v, "clip_norm", 0);
          case "clip_value" -> clipValue = positive(v, "clip_value", 0);
          case "validation" -> validation = fraction(v, "the validation fraction");
          default -> throw new IllegalStateException(key);
        }
      } else if (s instanceof TrainStmt.Schedule schedule) {
        if (repeated("schedule", schedule.span(), seen)) {
          continue;
        }
        for (Expr.Call call : schedule.calls()) {
          ScheduleSpec spec = Schedules.resolve(call, model);
          if (spec != null) {
            schedules.add(spec);
          }
        }
      } else if (s instanceof TrainStmt.EarlyStopping stop) {
        if (repeated("early_stopping", stop.span(), seen)) {
          continue;
        }
        Map<String, Double> v = Optimizers.bind(EARLY_STOPPING, stop.call(), model);
        if (v != null) {
          patience = (int) Math.max(0, Math.min(Integer.MAX_VALUE, v.get("patience")));
          minDelta = v.get("min_delta");
          if (patience < 1 || v.get("patience") != Math.rint(v.get("patience"))) {
            model.error(stop.call().span(), Messages.mustBePositive("the patience", String.valueOf(v.get("patience"))));
          }
          if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            model.error(stop.call().span(), Messages.outOfRange("min_delta", String.valueOf(minDelta), "[0, ∞)"));
            minDelta = 0;
          }
        }
      }
    }
    return new TrainSpec(optimizer, batch, epochs, seed, shuffle, schedules, clipNorm, clipValue, validation, patience,
        minDelta);
  }

  private static final Function EARLY_STOPPING = new Function("early_stopping", Function.Kind.FUNCTION,
      List.of(Function.arg("patience"), Function.arg("min_delta", 0.0)), a -> null);

  private double positive(Expr e, String what, double fallback) {
    Double v = model.exprs().constant(e, what);
    if (v == null) {
      return fallback;
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      model.error(e.span(), Messages.mustBePositive(what, String.valueOf(v)));
      return fallback;
    }
    return v;
  }

  private double fraction(Expr e, String what) {
    Double v = model.exprs().constant(e, what);
    if (v == null) {
      return 0;
    }
    if (!(v >= 0 && v < 1)) {
      model.error(e.span(), Messages.outOfRange(what, String.valueOf(v), "[0, 1)"));
      return 0;
    }
    return v;
  }

  private boolean repeated(String key, Span span, Map<String, Span> seen) {
    Span first = seen.putIfAbsent(key, span);
    if (first != null) {
      model.error(span, Messages.repeatedSetting(key, first.line()));
      return true;
    }
    return false;
  }

  private OptimizerSpec optimizer(Expr.Call call) {
    String name = call.function().text();
    if (!OPTIMIZERS.contains(name)) {
      model.error(call.span(), Messages.unknownOptimizer(name, Suggestions.nearest(name, OPTIMIZERS)));
      return null;
    }
    Function signature = Optimizers.signature(name);
    Map<String, Double> values = Optimizers.bind(signature, call, model);
    return values == null ? null : Optimizers.build(name, values, call, model);
  }

  private int positiveInt(Expr e, String what, int fallback) {
    long v = integer(e, what, fallback);
    if (v < 1 || v > Integer.MAX_VALUE) {
      model.error(e.span(), Messages.mustBePositive(what, String.valueOf(v)));
      return fallback;
    }
    return (int) v;
  }

  private int count(Expr e, String what, int fallback) {
    long v = integer(e, what, fallback);
    if (v < 0 || v > Integer.MAX_VALUE) {
      model.error(e.span(), Messages.outOfRange(what, String.valueOf(v), "[0, " + Integer.MAX_VALUE + "]"));
      return fallback;
    }
    return (int) v;
  }

  private long integer(Expr e, String what, long fallback) {
    Double v = model.exprs().constant(e, what);
    if (v == null) {
      return fallback;
    }
    if (v != Math.rint(v) || Math.abs(v) > 9.007199254740992E15) {
      model.error(e.span(), Messages.expectedInteger(what));
      return fallback;
    }
    return v.longValue();
  }

  private boolean bool(Expr e, String what, boolean fallback) {
    if (e instanceof Expr.Bool b) {
      return b.value();
    }
    model.error(e.span(), Messages.expectedBoolean(what));
    return fallback;
  }
}
