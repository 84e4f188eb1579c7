package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.ast.Model;
import dev.modelc.compiler.ast.Stmt;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.Span;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.InitSpec;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.ParamDecl;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.ir.TrainSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one model's statements in order (names, shapes, the statements every model needs) and
 * builds its forward graph. All problems are reported; the result is null when any is an error.
 */
final class ModelChecker {
  private final SourceFile source;
  private final Diagnostics diagnostics;
  private final Model model;
  private final Graph.Builder b = new Graph.Builder();
  private final Scope scope;
  private final ExprChecker exprs;
  private final List<ParamDecl> params = new ArrayList<>();
  private final List<ParamDecl> states = new ArrayList<>();
  private final Map<String, Node> stateUpdates = new java.util.LinkedHashMap<>();
  private int stateOffset;
  private int dropouts;
  private int minTrainingBatch = 1;
  private Node metric;
  private String metricName;
  private final Map<String, Span> paramSpans = new HashMap<>();
  private final Map<String, Stmt> singles = new HashMap<>();
  private int offset;
  private int errors;
  private Shape inputShape;
  private Shape targetShape;
  private int classes;
  private Node output;
  private Node loss;
  private Stmt.Train train;
  /** The name the current statement assigns, which names a layer's parameters; null where none may be made. */
  private String assigning;
  private boolean layerMade;

  ModelChecker(SourceFile source, Diagnostics diagnostics, Model model) {
    this.source = source;
    this.diagnostics = diagnostics;
    this.model = model;
    this.scope = new Scope(declaredNames(model));
    this.exprs = new ExprChecker(this, scope, b);
  }

  ExprChecker exprs() {
    return exprs;
  }

  void error(Span span, String message) {
    errors++;
    diagnostics.error(source, span, message);
  }

  ModelIr check(String packageName) {
    for (Stmt s : model.body()) {
      b.at(s.span().line());
      assigning = null;
      layerMade = false;
      statement(s);
    }
    Span at = model.name().span();
    String name = model.name().text();
    if (inputShape == null && !singles.containsKey("input")) {
      error(at, Messages.missingStatement(name, "input", "input x[4];"));
    }
    if (targetShape == null && !singles.containsKey("target")) {
      error(at, Messages.missingStatement(name, "target", "target y[1];"));
    }
    if (output == null && !singles.containsKey("output")) {
      error(at, Messages.missingStatement(name, "output", "output out;"));
    }
    if (loss == null && !singles.containsKey("loss")) {
      error(at, Messages.missingStatement(name, "loss", "loss mse(out, y);"));
    }
    TrainSpec spec = new TrainChecker(this).check(train);
    if (errors > 0 || output == null || loss == null || inputShape == null || targetShape == null) {
      return null;
    }
    warnUnreachable();
    b.root(Graph.OUTPUT, output).root(Graph.LOSS, loss);
    stateUpdates.forEach((state, update) -> b.root(Graph.stateUpdate(state), update));
    if (metric != null) {
      b.root(Graph.METRIC, metric);
    }
    return new ModelIr(source, packageName, name, inputShape, targetShape, classes, params, states, minTrainingBatch,
        metric == null ? null : metricName, b.build(), spec);
  }

  private void statement(Stmt s) {
    if (s instanceof Stmt.Const c) {
      Double v = exprs.constant(c.value(), "a constant");
      if (v != null) {
        define(c.name().text(), new Scope.Constant(v, c.name().span()));
      } else {
        poison(c.name());
      }
    } else if (s instanceof Stmt.Input in) {
      Shape shape = once("input", s) ? shape(in.dims()) : null;
      if (shape != null) {
        inputShape = shape;
        define(in.name().text(), new Scope.Value(b.add(new Op.Input(shape)), in.name().span()));
      } else {
        poison(in.name());
      }
    } else if (s instanceof Stmt.Target t) {
      target(t);
    } else if (s instanceof Stmt.Param p) {
      Shape shape = shape(p.dims());
      InitSpec init = shape == null ? null : p.init() == null ? InitSpec.zeros() : Inits.resolve(p.init(), shape, this);
      if (init != null) {
        declareParam(p.name().text(), shape, init, p.name().span());
      } else {
        poison(p.name());
      }
    } else if (s instanceof Stmt.Assign a) {
      assigning = a.name().text();
      Node value = exprs.check(a.value());
      if (value != null) {
        define(a.name().text(), new Scope.Value(value, a.name().span()));
        b.root(Graph.named(a.name().text()), value);
      } else {
        poison(a.name());
      }
    } else if (s instanceof Stmt.Output o) {
      output(o);
    } else if (s instanceof Stmt.Loss l) {
      if (once("loss", s)) {
        Node value = exprs.check(l.value());
        if (value != null && value.shape().rank() != 0) {
          error(l.value().span(), Messages.lossNotScalar(value.shape().toString()));
        } else {
          loss = value;
        }
      }
    } else if (s instanceof Stmt.Metric m) {
      if (once("metric", s)) {
        metric = Metrics.resolve(m.call(), this);
        metricName = m.call().function().text();
      }
    } else if (s instanceof Stmt.Train t) {
      if (once("train block", s)) {
        train = t;
      }
    }
  }

  private void target(Stmt.Target t) {
    if (!once("target", t)) {
      return;
    }
    if (t.isClassLabel()) {
      Double k = exprs.constant(t.classes(), "the number of classes");
      if (k != null && (k != Math.rint(k) || k < 2 || k > 1 << 24)) {
        error(t.classes().span(), Messages.outOfRange("the number of classes", String.valueOf(k), "[2, 16777216], an integer"));
        k = null;
      }
      if (k == null) {
        poison(t.name());
        return;
      }
      classes = k.intValue();
      targetShape = Shape.SCALAR;
      Node node = b.add(new Op.Target(Shape.SCALAR));
      define(t.name().text(), new Scope.Label(node, classes, t.name().span()));
      return;
    }
    Shape shape = shape(t.dims());
    if (shape != null) {
      targetShape = shape;
      define(t.name().text(), new Scope.Value(b.add(new Op.Target(shape)), t.name().span()));
    } else {
      poison(t.name());
    }
  }

  private void output(Stmt.Output o) {
    if (!once("output", o)) {
      return;
    }
    if (o.value() == null) {
      output = exprs.check(new Expr.Name(o.name().text(), o.name().span()));
      return;
    }
    assigning = o.name().text();
    Node value = exprs.check(o.value());
    if (value != null) {
      define(o.name().text(), new Scope.Value(value, o.name().span()));
      b.root(Graph.named(o.name().text()), value);
      output = value;
    } else {
      poison(o.name());
    }
  }

  /** Adds a parameter, defines its name, and returns its node; null when the name is taken. */
  Node declareParam(String name, Shape shape, InitSpec init, Span span) {
    Node node = b.add(new Op.Param(params.size(), name, shape));
    if (!define(name, new Scope.Value(node, span))) {
      return null;
    }
    if ((long) offset + shape.size() > Integer.MAX_VALUE - 8) {
      error(span, Messages.dimensionTooLarge("the parameters hold more than " + (Integer.MAX_VALUE - 8) + " values"));
      return null;
    }
    params.add(new ParamDecl(name, shape, offset, init, span.line()));
    paramSpans.put(name, span);
    offset += shape.size();
    return node;
  }

  /**
   * Adds a state tensor (kept across calls, saved, not trained) and returns its node; {@code update}
   * later gives the value it takes after each training forward pass.
   */
  Node declareState(String name, Shape shape, InitSpec init, Span span) {
    Node node = b.add(new Op.State(states.size(), name, shape));
    states.add(new ParamDecl(name, shape, stateOffset, init, span.line()));
    stateOffset += shape.size();
    return node;
  }

  /** Training needs batches of at least this many examples (batch norm over single values needs two). */
  void requireTrainingBatch(int examples) {
    minTrainingBatch = Math.max(minTrainingBatch, examples);
  }

  /** Sets the value a state tensor takes after each training forward pass. */
  void updateState(String name, Node value) {
    stateUpdates.put(name, value);
  }

  /** A fresh dropout mask of the given shape: each call gets its own, never merged with another. */
  Node dropoutMask(Shape shape, double p) {
    return b.add(new Op.DropoutMask(dropouts++, shape, p));
  }

  /** The name a layer's parameters take: the assigned name; null (reported) outside an assignment or for a second layer. */
  String layerName(Args call) {
    if (assigning == null) {
      error(call.span(), Messages.layerNotAssigned(call.function()));
      return null;
    }
    if (layerMade) {
      error(call.span(), Messages.secondLayer(call.function()));
      return null;
    }
    layerMade = true;
    return assigning;
  }

  /** Marks a name whose definition failed, so that its uses are not reported as undefined too. */
  private void poison(dev.modelc.compiler.ast.Ident name) {
    scope.define(name.text(), new Scope.Poisoned(name.span()));
  }

  private boolean define(String name, Scope.Symbol symbol) {
    Scope.Symbol existing = scope.lookup(name);
    if (!scope.define(name, symbol)) {
      error(symbol.span(), Messages.duplicate(name, existing.span().line()));
      return false;
    }
    return true;
  }

  /** True the first time a statement that a model has once is seen; reports any later one. */
  private boolean once(String what, Stmt s) {
    Stmt first = singles.putIfAbsent(what, s);
    if (first != null) {
      error(s.span(), Messages.repeatedStatement(what, first.span().line()));
      return false;
    }
    return true;
  }

  private Shape shape(List<Expr> dims) {
    List<Integer> out = new ArrayList<>();
    long size = 1;
    for (Expr d : dims) {
      Double v = exprs.constant(d, "a dimension");
      if (v == null) {
        return null;
      }
      if (v != Math.rint(v)) {
        error(d.span(), Messages.expectedInteger("a dimension"));
        return null;
      }
      if (v < 1) {
        error(d.span(), Messages.mustBePositive("a dimension", String.valueOf(v.longValue())));
        return null;
      }
      size *= Math.min(v, Integer.MAX_VALUE);
      if (v > Integer.MAX_VALUE || size > Integer.MAX_VALUE - 8) {
        error(d.span(), Messages.dimensionTooLarge("more than " + (Integer.MAX_VALUE - 8) + " values per example"));
        return null;
      }
      out.add(v.intValue());
    }
    return new Shape(out);
  }

  private void warnUnreachable() {
    Set<Node> reached = new HashSet<>();
    List<Node> work = new ArrayList<>(List.of(loss));
    while (!work.isEmpty()) {
      Node n = work.remove(work.size() - 1);
      if (reached.add(n)) {
        work.addAll(n.op().inputs());
      }
    }
    Set<String> reachedParams = new HashSet<>();
    for (Node n : reached) {
      if (n.op() instanceof Op.Param p) {
        reachedParams.add(p.name());
      }
    }
    for (ParamDecl p : params) {
      if (!reachedParams.contains(p.name())) {
        diagnostics.warning(source, paramSpans.get(p.name()), Messages.unreachableParameter(p.name()));
      }
    }
  }

  private static Map<String, Span> declaredNames(Model model) {
    Map<String, Span> names = new HashMap<>();
    for (Stmt s : model.body()) {
      if (s instanceof Stmt.Const c) {
        names.putIfAbsent(c.name().text(), c.name().span());
      } else if (s instanceof Stmt.Input i) {
        names.putIfAbsent(i.name().text(), i.name().span());
      } else if (s instanceof Stmt.Target t) {
        names.putIfAbsent(t.name().text(), t.name().span());
      } else if (s instanceof Stmt.Param p) {
        names.putIfAbsent(p.name().text(), p.name().span());
      } else if (s instanceof Stmt.Assign a) {
        names.putIfAbsent(a.name().text(), a.name().span());
      } else if (s instanceof Stmt.Output o && o.value() != null) {
        names.putIfAbsent(o.name().text(), o.name().span());
      }
    }
    return names;
  }
}
