package dev.modelc.compiler.ast;

import dev.modelc.compiler.diag.Span;
import java.util.List;

/** A statement in a model body. */
public sealed interface Stmt {
  Span span();

  /** {@code const N = 128;} */
  record Const(Ident name, Expr value, Span span) implements Stmt {}

  /** {@code input x[d1, d2];} */
  record Input(Ident name, List<Expr> dims, Span span) implements Stmt {
    public Input {
      dims = List.copyOf(dims);
    }
  }

  /** {@code target y[d…];} or, with {@code classes} set, {@code target y : class(K);}. */
  record Target(Ident name, List<Expr> dims, Expr classes, Span span) implements Stmt {
    public Target {
      dims = List.copyOf(dims);
    }

    public boolean isClassLabel() {
      return classes != null;
    }
  }

  /** {@code param W[d…] init I;}; {@code init} is a {@link Expr.Name} or {@link Expr.Call}, or null. */
  record Param(Ident name, List<Expr> dims, Expr init, Span span) implements Stmt {
    public Param {
      dims = List.copyOf(dims);
    }
  }

  /** {@code name = expr;} */
  record Assign(Ident name, Expr value, Span span) implements Stmt {}

  /** {@code output name;} (value null) or {@code output name = expr;}. */
  record Output(Ident name, Expr value, Span span) implements Stmt {}

  /** {@code loss expr;} */
  record Loss(Expr value, Span span) implements Stmt {}

  /** {@code metric f(args);} */
  record Metric(Expr.Call call, Span span) implements Stmt {}

  /** {@code train { … }} */
  record Train(List<TrainStmt> statements, Span span) implements Stmt {
    public Train {
      statements = List.copyOf(statements);
    }
  }
}
