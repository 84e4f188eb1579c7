package dev.modelc.compiler.ast;

import dev.modelc.compiler.diag.Span;
import java.util.List;

/** A statement inside a {@code train} block. */
public sealed interface TrainStmt {
  Span span();

  /** {@code optimizer adam(lr = 0.01);} */
  record Optimizer(Expr.Call call, Span span) implements TrainStmt {}

  /** {@code schedule warmup(100), cosine();} */
  record Schedule(List<Expr.Call> calls, Span span) implements TrainStmt {
    public Schedule {
      calls = List.copyOf(calls);
    }
  }

  /** {@code early_stopping(patience = 5);} */
  record EarlyStopping(Expr.Call call, Span span) implements TrainStmt {}

  /**
   * A keyword followed by one value: {@code batch 32;}, {@code epochs 10;}, {@code seed 42;},
   * {@code shuffle false;}, {@code clip_norm 5.0;}, {@code clip_value 1;}, {@code validation 0.1;}.
   */
  record Setting(Ident keyword, Expr value, Span span) implements TrainStmt {}
}
