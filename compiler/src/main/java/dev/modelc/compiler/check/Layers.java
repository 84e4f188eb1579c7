package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.InitSpec;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.List;

/** Layers: calls that add parameters named after the value they are assigned to. */
final class Layers {
  private Layers() {}

  static void define() {
    Functions.define("dense", Function.Kind.LAYER,
        List.of(arg("x"), arg("units"), arg("bias", Boolean.TRUE), arg("init", "he")), Layers::dense);
    Functions.define("layer_norm", Function.Kind.LAYER, List.of(arg("x"), arg("eps", 1e-5)), Layers::layerNorm);
    Functions.define("batch_norm", Function.Kind.LAYER, List.of(arg("x"), arg("momentum", 0.1), arg("eps", 1e-5)),
        Layers::batchNorm);
    Functions.define("dropout", Function.Kind.FUNCTION, List.of(arg("x"), arg("p")), Layers::dropout);
  }

  /** Inverted dropout: in training each element is zeroed with probability p and the rest scaled by 1/(1-p). */
  static Node dropout(Args a) {
    Node x = a.tensor("x");
    Double p = a.number("p");
    if (x == null || p == null) {
      return null;
    }
    if (!(p >= 0 && p < 1)) {
      a.error(a.span("p"), Messages.outOfRange("'p' of 'dropout'", String.valueOf(p), "[0, 1)"));
      return null;
    }
    if (p == 0) {
      return x;
    }
    Graph.Builder b = a.builder();
    return b.mul(x, a.model().dropoutMask(x.shape(), p));
  }

  /**
   * {@code batch_norm(x)} per feature of a vector, or per channel (the first axis) of [C, H, W],
   * as {@code nn.BatchNorm1d/2d}: in training, normalized by the batch's mean and biased variance,
   * and the running statistics move by {@code momentum} towards the batch's mean and unbiased
   * variance; in inference, normalized by the running statistics.
   */
  static Node batchNorm(Args a) {
    Node x = a.tensor("x");
    Double momentum = a.number("momentum");
    Double eps = a.number("eps");
    if (x == null || momentum == null || eps == null) {
      return null;
    }
    if (x.shape().rank() == 0) {
      a.error(a.span("x"), Messages.needsAxis(a.function()));
      return null;
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      a.error(a.span("momentum"), Messages.outOfRange("'momentum' of 'batch_norm'", String.valueOf(momentum), "[0, 1]"));
      return null;
    }
    if (!(eps > 0)) {
      a.error(a.span("eps"), Messages.mustBePositive("'eps' of 'batch_norm'", String.valueOf(eps)));
      return null;
    }
    if (!x.batched()) {
      a.error(a.span("x"), Messages.notPerExample(a.function()));
      return null;
    }
    ModelChecker model = a.model();
    String name = model.layerName(a);
    if (name == null) {
      return null;
    }
    int channels = x.shape().dim(0);
    Shape perChannel = Shape.of(channels);
    Node gamma = model.declareParam(name + ".gamma", perChannel, Inits.named("ones", perChannel), a.span());
    Node beta = model.declareParam(name + ".beta", perChannel, InitSpec.zeros(), a.span());
    if (gamma == null || beta == null) {
      return null;
    }
    Node runningMean = model.declareState(name + ".running_mean", perChannel, InitSpec.zeros(), a.span());
    Node runningVar = model.declareState(name + ".running_var", perChannel, Inits.named("ones", perChannel), a.span());
    Graph.Builder b = a.builder();
    List<Integer> others = new java.util.ArrayList<>();
    List<Integer> column = new java.util.ArrayList<>(List.of(channels));
    for (int axis = 1; axis < x.shape().rank(); axis++) {
      others.add(axis);
      column.add(1);
    }
    Shape kept = new Shape(column);
    double perExample = (double) x.shape().size() / channels;
    if (perExample == 1) {
      // One value per channel and example: a batch of one has no variance to estimate (PyTorch refuses it too).
      model.requireTrainingBatch(2);
    }
    // 1 / (values per channel in the batch) = (1/n) / (values per channel per example)
    Node inverseCount = b.mul(b.constant(1 / perExample), b.add(new Op.BatchInverse()));
    Node mean = b.mul(inverseCount, b.add(new Op.BatchSum(sumOver(b, x, others))));
    Node centered = b.sub(x, b.reshape(mean, kept));
    Node variance = b.mul(inverseCount, b.add(new Op.BatchSum(sumOver(b, b.mul(centered, centered), others))));
    Node scale = b.reshape(gamma, kept);
    Node shift = b.reshape(beta, kept);
    Node training = b.add(b.mul(b.div(centered, b.reshape(root(b, variance, eps), kept)), scale), shift);
    Node inference = b.add(b.mul(b.div(b.sub(x, b.reshape(runningMean, kept)), b.reshape(root(b, runningVar, eps), kept)),
        scale), shift);
    // count / (count - 1) = 1 / (1 - 1/count): the correction to the unbiased variance.
    Node unbiased = b.div(b.constant(1), b.sub(b.constant(1), inverseCount));
    model.updateState(name + ".running_mean", b.add(b.mul(b.constant(1 - momentum), runningMean),
        b.mul(b.constant(momentum), mean)));
    model.updateState(name + ".running_var", b.add(b.mul(b.constant(1 - momentum), runningVar),
        b.mul(b.constant(momentum), b.mul(variance, unbiased))));
    return b.add(new Op.TrainingSwitch(training, inference));
  }

  private static Node sumOver(Graph.Builder b, Node x, List<Integer> axes) {
    return axes.isEmpty() ? x : b.add(new Op.Sum(x, axes));
  }

  private static Node root(Graph.Builder b, Node variance, double eps) {
    return b.unary(UnaryFn.SQRT, b.add(variance, b.constant(eps)));
  }

  /**
   * {@code layer_norm(x)} over the last axis, with the biased variance, then {@code gamma} and
   * {@code beta} of the last axis's length, as {@code nn.LayerNorm(last)}.
   */
  static Node layerNorm(Args a) {
    Node x = a.tensor("x");
    Double eps = a.number("eps");
    if (x == null || eps == null) {
      return null;
    }
    if (x.shape().rank() == 0) {
      a.error(a.span("x"), Messages.needsAxis(a.function()));
      return null;
    }
    if (!(eps > 0)) {
      a.error(a.span("eps"), Messages.mustBePositive("'eps' of '" + a.function() + "'", String.valueOf(eps)));
      return null;
    }
    ModelChecker model = a.model();
    String name = model.layerName(a);
    if (name == null) {
      return null;
    }
    int last = x.shape().dim(x.shape().rank() - 1);
    Node gamma = model.declareParam(name + ".gamma", Shape.of(last), Inits.named("ones", Shape.of(last)), a.span());
    Node beta = model.declareParam(name + ".beta", Shape.of(last), InitSpec.zeros(), a.span());
    if (gamma == null || beta == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    int axis = x.shape().rank() - 1;
    List<Integer> column = new java.util.ArrayList<>(x.shape().dropLast().dims());
    column.add(1);
    Shape kept = new Shape(column);
    Node mean = b.reshape(b.mul(b.constant(1.0 / last), b.add(new Op.Sum(x, List.of(axis)))), kept);
    Node centered = b.sub(x, mean);
    Node variance = b.reshape(b.mul(b.constant(1.0 / last), b.add(new Op.Sum(b.mul(centered, centered), List.of(axis)))), kept);
    Node normalized = b.div(centered, b.unary(UnaryFn.SQRT, b.add(variance, b.constant(eps))));
    return b.add(b.mul(normalized, gamma), beta);
  }

  /** {@code dense(x, units)} = weight @ x + bias, with PyTorch's [out, in] weight layout. */
  static Node dense(Args a) {
    Node x = a.tensor("x");
    Integer units = a.integer("units");
    Boolean bias = a.bool("bias");
    if (x == null || units == null || bias == null) {
      return null;
    }
    if (x.shape().rank() != 1) {
      a.error(a.span("x"), Messages.notAVector(a.function(), x.shape().toString()));
      return null;
    }
    if (units < 1) {
      a.error(a.span("units"), Messages.mustBePositive("'units' of 'dense'", String.valueOf(units)));
      return null;
    }
    Shape weightShape = Shape.of(units, x.shape().dim(0));
    InitSpec init = a.has("init")
        ? Inits.resolve(a.raw("init"), weightShape, a.model())
        : Inits.named("he", weightShape);
    if (init == null) {
      return null;
    }
    ModelChecker model = a.model();
    String name = model.layerName(a);
    if (name == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    Node weight = model.declareParam(name + ".weight", weightShape, init, a.span());
    if (weight == null) {
      return null;
    }
    Node y = b.add(new Op.MatMul(weight, x, false, false));
    if (!bias) {
      return y;
    }
    Node biasNode = model.declareParam(name + ".bias", Shape.of(units), InitSpec.zeros(), a.span());
    return biasNode == null ? null : b.add(y, biasNode);
  }
}
