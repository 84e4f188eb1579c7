package dev.modelc.compiler.ast;

import dev.modelc.compiler.diag.Span;
import java.util.List;

/** An expression of the .nn language, as written, with the span it was written at. */
public sealed interface Expr {
  Span span();

  <R> R accept(Visitor<R> visitor);

  /** Handles every expression form; a new form does not compile until each visitor handles it. */
  interface Visitor<R> {
    R visitNumber(Number e);

    R visitBool(Bool e);

    R visitName(Name e);

    R visitNeg(Neg e);

    R visitBinary(Binary e);

    R visitCall(Call e);

    R visitIndex(Index e);

    R visitSlice(Slice e);

    R visitList(ListLit e);
  }

  /** The binary operators, tightest first: {@code @}, then {@code * /}, then {@code + -}. */
  enum BinOp {
    MATMUL("@"),
    MUL("*"),
    DIV("/"),
    ADD("+"),
    SUB("-");

    private final String symbol;

    BinOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** A numeric literal; {@code text} keeps the spelling so that integer-ness can be checked. */
  record Number(double value, String text, Span span) implements Expr {
    public boolean isInteger() {
      return text.chars().allMatch(Character::isDigit);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNumber(this);
    }
  }

  /** {@code true} or {@code false}, used by settings such as {@code shuffle}. */
  record Bool(boolean value, Span span) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBool(this);
    }
  }

  /** A reference to a named value; layer parameters are dotted ({@code h.weight}). */
  record Name(String name, Span span) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitName(this);
    }
  }

  /** Unary minus. */
  record Neg(Expr operand, Span span) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNeg(this);
    }
  }

  /** {@code left op right}; the span is the operator's, where shape errors point. */
  record Binary(BinOp op, Expr left, Expr right, Span span) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBinary(this);
    }
  }

  /** A call of a built-in function, layer, loss, initializer or optimizer. */
  record Call(Ident function, List<Arg> args, Span span) implements Expr {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCall(this);
    }
  }

  /** One argument of a call: positional when {@code name} is null, else {@code name = value}. */
  record Arg(Ident name, Expr value, Span span) {
    public boolean isNamed() {
      return name != null;
    }
  }

  /** {@code target[index]}: a row of the first axis. */
  record Index(Expr target, Expr index, Span span) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIndex(this);
    }
  }

  /** {@code target[from:to]}: a range of rows of the first axis; either bound may be null. */
  record Slice(Expr target, Expr from, Expr to, Span span) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitSlice(this);
    }
  }

  /** {@code [a, b, …]}: a list of dimensions, as taken by {@code reshape}. */
  record ListLit(List<Expr> items, Span span) implements Expr {
    public ListLit {
      items = List.copyOf(items);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitList(this);
    }
  }
}
