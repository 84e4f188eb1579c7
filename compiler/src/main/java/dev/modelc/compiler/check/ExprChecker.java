package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.diag.Span;
import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import java.util.Map;

/**
 * Checks an expression's names and shapes and builds its IR. Each visit returns the node, or null
 * after reporting an error, so that one mistake does not cascade into more reports.
 */
final class ExprChecker implements Expr.Visitor<Node> {
  private final ModelChecker model;
  private final Scope scope;
  private final Graph.Builder b;

  ExprChecker(ModelChecker model, Scope scope, Graph.Builder builder) {
    this.model = model;
    this.scope = scope;
    this.b = builder;
  }

  Graph.Builder builder() {
    return b;
  }

  ModelChecker model() {
    return model;
  }

  Scope scope() {
    return scope;
  }

  void error(Span span, String message) {
    model.error(span, message);
  }

  Node check(Expr e) {
    return e == null ? null : e.accept(this);
  }

  /** A compile-time number: literals, constants and arithmetic on them. */
  Double constant(Expr e, String what) {
    Double value = fold(e);
    if (value == null) {
      error(e.span(), Messages.expectedNumber(what));
    }
    return value;
  }

  private Double fold(Expr e) {
    if (e instanceof Expr.Number n) {
      return n.value();
    }
    if (e instanceof Expr.Name n && scope.lookup(n.name()) instanceof Scope.Constant c) {
      return c.value();
    }
    if (e instanceof Expr.Neg n) {
      Double v = fold(n.operand());
      return v == null ? null : -v;
    }
    if (e instanceof Expr.Binary bin && bin.op() != Expr.BinOp.MATMUL) {
      Double l = fold(bin.left());
      Double r = fold(bin.right());
      if (l == null || r == null) {
        return null;
      }
      return switch (bin.op()) {
        case ADD -> l + r;
        case SUB -> l - r;
        case MUL -> l * r;
        case DIV -> l / r;
        case MATMUL -> null;
      };
    }
    return null;
  }

  @Override
  public Node visitNumber(Expr.Number e) {
    return b.constant(e.value());
  }

  @Override
  public Node visitBool(Expr.Bool e) {
    error(e.span(), Messages.booleanNotAllowed());
    return null;
  }

  @Override
  public Node visitName(Expr.Name e) {
    Scope.Symbol symbol = scope.lookup(e.name());
    if (symbol instanceof Scope.Value v) {
      return v.node();
    }
    if (symbol instanceof Scope.Constant c) {
      return b.constant(c.value());
    }
    if (symbol instanceof Scope.Label) {
      error(e.span(), Messages.labelMisused(e.name()));
      return null;
    }
    if (symbol instanceof Scope.Poisoned) {
      return null;
    }
    Span later = scope.definedLater(e.name());
    if (later != null) {
      error(e.span(), Messages.usedBeforeDefinition(e.name(), later.line()));
    } else {
      error(e.span(), Messages.undefined(e.name(), scope.suggest(e.name())));
    }
    return null;
  }

  @Override
  public Node visitNeg(Expr.Neg e) {
    Node x = check(e.operand());
    return x == null ? null : b.neg(x);
  }

  @Override
  public Node visitBinary(Expr.Binary e) {
    Node l = check(e.left());
    Node r = check(e.right());
    if (l == null || r == null) {
      return null;
    }
    if (e.op() == Expr.BinOp.MATMUL) {
      return matMul(e, l, r);
    }
    BinaryFn fn = switch (e.op()) {
      case ADD -> BinaryFn.ADD;
      case SUB -> BinaryFn.SUB;
      case MUL -> BinaryFn.MUL;
      case DIV -> BinaryFn.DIV;
      case MATMUL -> throw new IllegalStateException();
    };
    String verb = switch (fn) {
      case ADD -> "add";
      case SUB -> "subtract";
      case MUL -> "multiply";
      case DIV -> "divide";
      case POW, MAX, MIN, EQ -> "combine";
    };
    if (broadcast(model, e.span(), verb, l, r) == null) {
      return null;
    }
    return b.binary(fn, l, r);
  }

  private Node matMul(Expr.Binary e, Node l, Node r) {
    for (Node n : new Node[] {l, r}) {
      if (n.shape().rank() < 1 || n.shape().rank() > 2) {
        error(e.span(), Messages.matmulRank(n.shape().toString()));
        return null;
      }
    }
    int kl = l.shape().dim(l.shape().rank() - 1);
    int kr = r.shape().dim(0);
    if (kl != kr) {
      error(e.span(), Messages.cannotMultiply(l.shape().toString(), r.shape().toString(), kl, kr));
      return null;
    }
    return b.add(new Op.MatMul(l, r, false, false));
  }

  /** The broadcast shape of two operands, or null after reporting which dimension disagrees. */
  static Shape broadcast(Args a, Span span, String verb, Node l, Node r) {
    return broadcast(a.model(), span, verb, l, r);
  }

  static Shape broadcast(ModelChecker model, Span span, String verb, Node l, Node r) {
    Shape shape = Shape.broadcast(l.shape(), r.shape());
    if (shape == null) {
      int rank = Math.max(l.shape().rank(), r.shape().rank());
      int dim = 0;
      for (int i = 0; i < rank; i++) {
        int dl = l.shape().dimFromRight(rank - 1 - i);
        int dr = r.shape().dimFromRight(rank - 1 - i);
        if (dl != dr && dl != 1 && dr != 1) {
          dim = i;
          break;
        }
      }
      model.error(span, Messages.cannotBroadcast(verb, l.shape().toString(), r.shape().toString(), dim));
    }
    return shape;
  }

  @Override
  public Node visitCall(Expr.Call e) {
    String name = e.function().text();
    Function f = Functions.ALL.get(name);
    if (f == null) {
      if (Functions.PLANNED.contains(name)) {
        error(e.span(), Messages.notSupportedYet("'" + name + "'"));
      } else {
        error(e.span(), Messages.unknownFunction(name, Suggestions.nearest(name, Functions.ALL.keySet())));
      }
      return null;
    }
    Map<String, Expr> given = f.bind(e, model);
    if (given == null) {
      return null;
    }
    return f.lowering().lower(new Args(f, e, given, this));
  }

  /** {@code x[i]}: row i of the first axis (negative counts from the end), which drops that axis. */
  @Override
  public Node visitIndex(Expr.Index e) {
    Node x = check(e.target());
    Long index = integer(e.index(), "an index");
    if (x == null || index == null) {
      return null;
    }
    if (x.shape().rank() == 0) {
      error(e.span(), Messages.cannotIndexScalar());
      return null;
    }
    int rows = x.shape().dim(0);
    long i = index < 0 ? index + rows : index;
    if (i < 0 || i >= rows) {
      error(e.index().span(), Messages.indexOutOfRange(index, x.shape().toString()));
      return null;
    }
    Node row = b.add(new Op.Slice(x, (int) i, (int) i + 1));
    return b.reshape(row, new Shape(x.shape().dims().subList(1, x.shape().rank())));
  }

  /** {@code x[a:b]}: rows a to b of the first axis, with Python's negative and clamped bounds. */
  @Override
  public Node visitSlice(Expr.Slice e) {
    Node x = check(e.target());
    Long from = e.from() == null ? Long.valueOf(0) : integer(e.from(), "a slice bound");
    Long to = e.to() == null ? null : integer(e.to(), "a slice bound");
    if (x == null || from == null || (e.to() != null && to == null)) {
      return null;
    }
    if (x.shape().rank() == 0) {
      error(e.span(), Messages.cannotIndexScalar());
      return null;
    }
    long rows = x.shape().dim(0);
    long start = clamp(from < 0 ? from + rows : from, rows);
    long end = to == null ? rows : clamp(to < 0 ? to + rows : to, rows);
    if (start >= end) {
      error(e.span(), Messages.emptySlice(from, to == null ? rows : to, x.shape().toString()));
      return null;
    }
    return b.add(new Op.Slice(x, (int) start, (int) end));
  }

  private static long clamp(long bound, long rows) {
    return Math.max(0, Math.min(rows, bound));
  }

  private Long integer(Expr e, String what) {
    Double v = constant(e, what);
    if (v == null) {
      return null;
    }
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      error(e.span(), Messages.expectedInteger(what));
      return null;
    }
    return v.longValue();
  }

  @Override
  public Node visitList(Expr.ListLit e) {
    error(e.span(), Messages.listNotAllowed());
    return null;
  }
}
