"""PyTorch golden values for modelc's generated code.

Writes, next to this script:
  functions/<name>.nn, functions/<name>.txt  one small model per built-in function, loss and layer
                                              of LANGUAGE.md section 5, with its loss, gradient and
                                              predictions as PyTorch computes them
  functions/scenarios.list                   those scenario names, one a line
  optim/<name>.nn, optim/<name>.txt          25-step training trajectories of a small MLP for each
                                              optimizer, schedule and clipping setting
  optim/scenarios.list                       those scenario names, one a line
then reads every file back and checks it: gradients against central finite differences, the
elementwise and loss scenarios against NumPy re-implementations, batch-norm running statistics by
hand, and every trajectory against a hand-written NumPy training loop (forward, backward,
optimizer, schedule and clipping written out from PyTorch's documented formulas).

The output is deterministic: running the script twice writes identical files. Rerun it from the
repository root with Debian's PyTorch (package python3-torch):

    /usr/bin/python3 compiler/src/test/resources/pytorch/make_goldens.py

README.md beside this script describes the file formats.
"""

import math
import os
import re
import zlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 5            # examples per function scenario
MARGIN = 0.02        # least distance of any value from a kink of the function under test
GRID = 1024.0        # inputs, targets and parameters are multiples of 1/GRID: exact in float and double


# ---- helpers ----------------------------------------------------------------------------------

def q(a):
    """Rounds to the 1/GRID grid, so that float and double code start from the same values."""
    return np.round(np.asarray(a, dtype=np.float64) * GRID) / GRID


def uniform(rng, lo, hi, shape):
    return q(rng.uniform(lo, hi, size=shape))


def rng_for(name):
    """A generator seeded from the scenario's name, so adding a scenario leaves the others as they are."""
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


def fmt(v):
    return repr(float(v))


def line(key, values):
    return key + " " + " ".join(fmt(v) for v in np.asarray(values, dtype=np.float64).ravel())


def camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def shape_text(shape):
    return "[" + ", ".join(str(d) for d in shape) + "]"


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def read_records(path):
    """The records of a golden .txt file: key -> list of value lists (a key may repeat, as 'after')."""
    records = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            parts = raw.split()
            if parts:
                records.setdefault(parts[0], []).append([float(p) for p in parts[1:]])
    return records


# ---- function scenarios -----------------------------------------------------------------------

class Scenario:
    """One model of the .nn language and its PyTorch twin.

    params: [(name, shape)] in parameters() order. Names with a dot belong to layer calls in the
    body; the others become `param` statements, written before the body.
    per_example(P, x, y) -> (out, loss) runs one example with torch tensors (shapes per example, as
    the language sees them); batched(P, X, Y, state, training) -> (OUT, LOSS per example) is given
    instead for scenarios whose examples interact (batch_norm). numpy(P, x, y) -> (out, loss) is an
    independent re-implementation used by the self-check where given.
    """

    def __init__(self, name, doc, torch_call, body, params, draw, loss_nn, per_example=None, batched=None,
                 input_shape=(4,), target=("real", (3,)), output="out", numpy=None, margin=None,
                 bn=None, trains=True, frozen=None):
        self.name = name
        self.doc = doc
        self.torch_call = torch_call
        self.body = body
        self.params = params
        self.draw = draw
        self.loss_nn = loss_nn
        self.per_example = per_example
        self.batched = batched
        self.input_shape = input_shape
        self.target = target
        self.output = output
        self.numpy = numpy
        self.margin = margin
        self.bn = bn            # [(layer name, channel count, momentum, eps, numpy pre-normalization fn)]
        self.trains = trains    # False: training mode is random (dropout), so no loss/grad records
        # frozen(P, P0, x, y) -> loss: the loss with stop_gradient's argument computed from the fixed
        # parameters P0, which is what finite differences must vary to match the gradient
        self.frozen = frozen

    def nn_text(self):
        lines = [
            "// Golden scenario '%s': %s" % (self.name, self.doc),
            "// PyTorch reference: %s. Written by make_goldens.py; values in %s.txt." % (self.torch_call, self.name),
            "package dev.modelc.goldens;",
            "",
            "model %s {" % camel(self.name),
            "  input  x%s;" % shape_text(self.input_shape),
        ]
        if self.target[0] == "class":
            lines.append("  target label : class(%d);" % self.target[1])
        else:
            lines.append("  target y%s;" % shape_text(self.target[1]))
        lines.append("")
        for name, shape in self.params:
            if "." not in name:
                lines.append("  param %s%s;" % (name, shape_text(shape)))
        if any("." not in name for name, _ in self.params):
            lines.append("")
        for stmt in self.body:
            lines.append("  " + stmt if stmt else "")
        lines += ["", "  output %s;" % self.output, "  loss %s;" % self.loss_nn, "}", ""]
        text = "\n".join(lines)
        self.check_layout(text)
        return text

    def check_layout(self, text):
        """The parameters() order that the .nn text implies must be the order of self.params."""
        implied = re.findall(r"^\s*param\s+(\w+)\s*\[", text, re.M)
        for target, layer, args in re.findall(r"^\s*(\w+)\s*=.*?\b(dense|batch_norm|layer_norm)\(([^;]*)\);", text, re.M):
            if layer == "dense":
                implied += [target + ".weight"] + ([] if "bias = false" in args else [target + ".bias"])
            else:
                implied += [target + ".gamma", target + ".beta"]
        names = [name for name, _ in self.params]
        assert implied == names, (self.name, implied, names)
        plain = [("." in name) for name in names]
        assert plain == sorted(plain), "param statements must precede layer parameters: " + self.name

    def forward(self, P, X, Y, state, training):
        if self.batched is not None:
            return self.batched(P, X, Y, state, training)
        outs, losses = [], []
        for i in range(X.shape[0]):
            out, loss = self.per_example(P, X[i], Y[i])
            outs.append(out)
            losses.append(loss)
        return torch.stack(outs), torch.stack(losses)


def fresh_state(s):
    return {layer: (torch.zeros(c), torch.ones(c)) for layer, c, _, _, _ in (s.bn or [])}


def to_torch(s, Pn, X, Y):
    P = {k: torch.tensor(v, requires_grad=True) for k, v in Pn.items()}
    Yt = torch.tensor(Y.astype(np.int64)) if s.target[0] == "class" else torch.tensor(Y)
    return P, torch.tensor(X), Yt


def draw_valid(s):
    """Draws parameters and data until every value is at least MARGIN from a kink of the function."""
    rng = rng_for(s.name)
    for _ in range(1000):
        Pn, X, Y = s.draw(rng)
        if s.margin is None or s.margin(Pn, X, Y) >= MARGIN:
            return Pn, X, Y
    raise AssertionError("no draw keeps clear of the kinks: " + s.name)


def evaluate(s, Pn, X, Y):
    """Loss, gradient and running statistics of one training forward; then inference outputs."""
    P, Xt, Yt = to_torch(s, Pn, X, Y)
    state = fresh_state(s)
    result = {}
    if s.trains:
        _, losses = s.forward(P, Xt, Yt, state, True)
        loss = losses.mean()
        grads = torch.autograd.grad(loss, [P[k] for k, _ in s.params])
        result["loss"] = loss.item()
        result["grad"] = np.concatenate([g.detach().numpy().ravel() for g in grads])
    with torch.no_grad():
        out, losses = s.forward(P, Xt, Yt, state, False)
    result["predict"] = out.numpy().reshape(X.shape[0], -1)
    result["eval_loss"] = losses.mean().item()
    result["state"] = {k: (m.numpy().copy(), v.numpy().copy()) for k, (m, v) in state.items()}
    return result


def write_function(s, folder):
    Pn, X, Y = draw_valid(s)
    r = evaluate(s, Pn, X, Y)
    flat = np.concatenate([Pn[k].ravel() for k, _ in s.params])
    out = ["n %d" % X.shape[0], line("params", flat), line("x", X)]
    if s.target[0] == "class":
        out.append("y " + " ".join(str(int(v)) for v in Y.ravel()))
    else:
        out.append(line("y", Y))
    if s.trains:
        out.append("loss " + fmt(r["loss"]))
        out.append(line("grad", r["grad"]))
    out.append(line("predict", r["predict"]))
    out.append("eval_loss " + fmt(r["eval_loss"]))
    for layer, _, _, _, _ in s.bn or []:
        mean, var = r["state"][layer]
        out.append(line("running_mean", mean))
        out.append(line("running_var", var))
    write(os.path.join(folder, s.name + ".nn"), s.nn_text())
    write(os.path.join(folder, s.name + ".txt"), "\n".join(out) + "\n")


# The elementwise scenarios share one body: u = W * x + c is [3, 4] (x [4] repeats down the rows,
# c [3, 1] across the columns), the function maps u, and h @ v reduces it to the output [3].
# Functions of a whole row (softmax, log_softmax, layer_norm) do not change when a row is shifted,
# so there c is [4] instead: a [3, 1] c would have a gradient of exactly zero, which float and
# double code can only reproduce as rounding noise.
ELEMENTWISE_PARAMS = [("W", (3, 4)), ("c", (3, 1)), ("v", (4,))]
ROW_PARAMS = [("W", (3, 4)), ("c", (4,)), ("v", (4,))]


def draw_elementwise(domain, c_offset=None, c_shape=(3, 1)):
    def draw(rng):
        if domain == "positive":
            W = uniform(rng, 0.25, 1.25, (3, 4))
            c = uniform(rng, 0.1, 1.0, c_shape)
            X = uniform(rng, 0.25, 2.0, (BATCH, 4))
        else:
            W = uniform(rng, -1.0, 1.0, (3, 4))
            c = uniform(rng, -1.0, 1.0, c_shape)
            X = uniform(rng, -2.0, 2.0, (BATCH, 4))
        if c_offset is not None:
            c = c + q(np.broadcast_to(np.asarray(c_offset, dtype=np.float64), c_shape))
        v = uniform(rng, -1.0, 1.0, (4,))
        Y = uniform(rng, -1.0, 1.0, (BATCH, 3))
        return {"W": W, "c": c, "v": v}, X, Y
    return draw


def u_of(P, X):
    """u = W * x + c for every example: [n, 3, 4]."""
    return P["W"][None, :, :] * X[:, None, :] + P["c"][None]


def kinks_at(*points):
    def margin(P, X, Y):
        u = u_of(P, X)
        return min(np.abs(u - k).min() for k in points)
    return margin


def elementwise(name, call_nn, torch_f, numpy_f, torch_call, domain="any", kinks=None, c_offset=None, doc=None,
                rows=False):
    def per_example(P, x, y):
        h = torch_f(P["W"] * x + P["c"])
        out = h @ P["v"]
        return out, F.mse_loss(out, y)

    def numpy(P, x, y):
        out = numpy_f(P["W"] * x + P["c"]) @ P["v"]
        return out, np.mean((out - y) ** 2)

    frozen = None
    if name == "stop_gradient":
        def frozen(P, P0, x, y):
            out = ((P["W"] * x + P["c"]) * (P0["W"] * x + P0["c"])) @ P["v"]
            return F.mse_loss(out, y)

    return Scenario(
        name, doc or "%s of a [3, 4] value built by broadcasting" % call_nn, torch_call,
        ["u   = W * x + c;      // [3, 4]: x %s" % ("and c [4] repeat down the rows" if rows else
                                                    "repeats down the rows, c [3, 1] across the columns"),
         "h   = %s;" % call_nn,
         "out = h @ v;          // [3]"],
        ROW_PARAMS if rows else ELEMENTWISE_PARAMS, draw_elementwise(domain, c_offset, (4,) if rows else (3, 1)),
        "mse(out, y)", per_example=per_example,
        numpy=numpy, margin=kinks_at(*kinks) if kinks else None, frozen=frozen)


def np_softplus(u):
    return np.where(u > 20, u, np.log1p(np.exp(np.minimum(u, 20))))


def np_log_softmax(u):
    m = u.max(axis=-1, keepdims=True)
    return u - m - np.log(np.exp(u - m).sum(axis=-1, keepdims=True))


def np_gelu_tanh(u):
    return 0.5 * u * (1 + np.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u ** 3)))


def elementwise_scenarios():
    s = [
        elementwise("relu", "relu(u)", F.relu, lambda u: np.maximum(u, 0), "torch.nn.functional.relu",
                    kinks=[0.0]),
        elementwise("leaky_relu", "leaky_relu(u)", lambda u: F.leaky_relu(u, 0.01),
                    lambda u: np.where(u > 0, u, 0.01 * u), "torch.nn.functional.leaky_relu(u, 0.01)", kinks=[0.0]),
        elementwise("leaky_relu_alpha", "leaky_relu(u, alpha = 0.2)", lambda u: F.leaky_relu(u, 0.2),
                    lambda u: np.where(u > 0, u, 0.2 * u), "torch.nn.functional.leaky_relu(u, 0.2)", kinks=[0.0]),
        elementwise("elu", "elu(u)", lambda u: F.elu(u, 1.0),
                    lambda u: np.where(u > 0, u, np.exp(np.minimum(u, 0)) - 1), "torch.nn.functional.elu(u, alpha=1.0)",
                    kinks=[0.0]),
        elementwise("elu_alpha", "elu(u, 0.5)", lambda u: F.elu(u, 0.5),
                    lambda u: np.where(u > 0, u, 0.5 * (np.exp(np.minimum(u, 0)) - 1)),
                    "torch.nn.functional.elu(u, alpha=0.5)", kinks=[0.0]),
        elementwise("gelu", "gelu(u)", lambda u: F.gelu(u, approximate="tanh"), np_gelu_tanh,
                    "torch.nn.functional.gelu(u, approximate='tanh')"),
        elementwise("silu", "silu(u)", F.silu, lambda u: u / (1 + np.exp(-u)), "torch.nn.functional.silu"),
        elementwise("sigmoid", "sigmoid(u)", torch.sigmoid, lambda u: 1 / (1 + np.exp(-u)), "torch.sigmoid"),
        elementwise("tanh", "tanh(u)", torch.tanh, np.tanh, "torch.tanh"),
        # Row 1 lies between 12 and 17, where softplus(u) - u still matters in double; row 2 lies past
        # 90, where exp overflows a float. No value lies between 20 and 37, where PyTorch's threshold
        # (softplus(u) = u above 20) differs from the exact log(1 + exp(u)) by more than double rounding.
        elementwise("softplus", "softplus(u)", lambda u: F.softplus(u, beta=1, threshold=20), np_softplus,
                    "torch.nn.functional.softplus(u, beta=1, threshold=20)", c_offset=[[0], [14], [95]],
                    doc="softplus(u) on values from -3 to past 90, where exp overflows a float"),
        elementwise("exp", "exp(u)", torch.exp, np.exp, "torch.exp"),
        elementwise("log", "log(u)", torch.log, np.log, "torch.log", domain="positive"),
        elementwise("sqrt", "sqrt(u)", torch.sqrt, np.sqrt, "torch.sqrt", domain="positive"),
        elementwise("abs", "abs(u)", torch.abs, np.abs, "torch.abs", kinks=[0.0]),
        elementwise("square", "square(u)", torch.square, np.square, "torch.square"),
        elementwise("pow_cube", "pow(u, 3)", lambda u: torch.pow(u, 3), lambda u: u ** 3, "torch.pow(u, 3)",
                    domain="positive"),
        elementwise("pow_sqrt", "pow(u, 0.5)", lambda u: torch.pow(u, 0.5), lambda u: u ** 0.5, "torch.pow(u, 0.5)",
                    domain="positive"),
        elementwise("clamp", "clamp(u, -0.5, 0.5)", lambda u: torch.clamp(u, -0.5, 0.5),
                    lambda u: np.clip(u, -0.5, 0.5), "torch.clamp(u, -0.5, 0.5)", kinks=[-0.5, 0.5]),
        elementwise("sin", "sin(u)", torch.sin, np.sin, "torch.sin"),
        elementwise("cos", "cos(u)", torch.cos, np.cos, "torch.cos"),
        # softmax and log_softmax along the last axis of [3, 4]; the _large twins shift every value
        # by 90, past where exp overflows a float.
        elementwise("softmax", "softmax(u)", lambda u: F.softmax(u, dim=-1),
                    lambda u: np.exp(np_log_softmax(u)), "torch.nn.functional.softmax(u, dim=-1)",
                    doc="softmax(u) along the last axis of [3, 4]", rows=True),
        elementwise("log_softmax", "log_softmax(u)", lambda u: F.log_softmax(u, dim=-1), np_log_softmax,
                    "torch.nn.functional.log_softmax(u, dim=-1)",
                    doc="log_softmax(u) along the last axis of [3, 4]", rows=True),
        elementwise("softmax_large", "softmax(u)", lambda u: F.softmax(u, dim=-1),
                    lambda u: np.exp(np_log_softmax(u)), "torch.nn.functional.softmax(u, dim=-1)", c_offset=90.0,
                    doc="softmax(u) along the last axis of [3, 4], values near 90", rows=True),
        elementwise("log_softmax_large", "log_softmax(u)", lambda u: F.log_softmax(u, dim=-1), np_log_softmax,
                    "torch.nn.functional.log_softmax(u, dim=-1)", c_offset=90.0,
                    doc="log_softmax(u) along the last axis of [3, 4], values near 90", rows=True),
        elementwise("stop_gradient", "u * stop_gradient(u)", lambda u: u * u.detach(), lambda u: u * u,
                    "u * u.detach()", doc="u * stop_gradient(u): the gradient flows through the first factor only"),
    ]
    for name, fn, torch_f, numpy_f in [("max", "max", torch.maximum, np.maximum),
                                       ("min", "min", torch.minimum, np.minimum)]:
        def per_example(P, x, y, torch_f=torch_f):
            out = torch_f(P["W"] * x, P["c"]) @ P["v"]
            return out, F.mse_loss(out, y)

        def numpy(P, x, y, numpy_f=numpy_f):
            out = numpy_f(P["W"] * x, P["c"]) @ P["v"]
            return out, np.mean((out - y) ** 2)

        def margin(P, X, Y):
            return np.abs(P["W"][None] * X[:, None, :] - P["c"][None]).min()

        s.append(Scenario(
            name, "elementwise %s(a, b) of [3, 4] and [3, 1]" % fn, "torch.%s(a, b)" % torch_f.__name__,
            ["h   = %s(W * x, c);  // [3, 4] against [3, 1]" % fn,
             "out = h @ v;          // [3]"],
            ELEMENTWISE_PARAMS, draw_elementwise("any"), "mse(out, y)", per_example=per_example, numpy=numpy,
            margin=margin))
    return s


def reduction_scenarios():
    s = []
    params = [("W", (3, 4)), ("c", (3, 1)), ("v", (2,))]

    def draw_for(c_offset):
        def draw(rng):
            W = uniform(rng, -1.0, 1.0, (3, 4))
            c = uniform(rng, -1.0, 1.0, (3, 1)) + c_offset
            v = uniform(rng, -1.0, 1.0, (2,))
            X = uniform(rng, -2.0, 2.0, (BATCH, 4))
            Y = uniform(rng, -1.0, 1.0, (BATCH, 2))
            return {"W": W, "c": c, "v": v}, X, Y
        return draw

    def np_lse(u):
        m = u.max()
        return m + np.log(np.exp(u - m).sum())

    cases = [
        ("sum_all", "sum(u)", torch.sum, np.sum, "torch.sum(u)", 0.0, None),
        ("mean_all", "mean(u)", torch.mean, np.mean, "torch.mean(u)", 0.0, None),
        ("max_all", "max(u)", torch.max, np.max, "torch.max(u) (over all elements)", 0.0, "gap"),
        # shifted by 80: exp of every element overflows a float
        ("logsumexp", "logsumexp(u)", lambda u: torch.logsumexp(u.reshape(-1), dim=0), np_lse,
         "torch.logsumexp(u.reshape(-1), dim=0)", 80.0, None),
        ("norm", "norm(u)", lambda u: torch.linalg.vector_norm(u), lambda u: np.sqrt((u ** 2).sum()),
         "torch.linalg.vector_norm(u) (L2 over all elements)", 0.0, None),
    ]
    for name, call_nn, torch_f, numpy_f, torch_call, offset, kind in cases:
        def per_example(P, x, y, torch_f=torch_f):
            out = torch_f(P["W"] * x + P["c"]) * P["v"]
            return out, F.mse_loss(out, y)

        def numpy(P, x, y, numpy_f=numpy_f):
            out = numpy_f(P["W"] * x + P["c"]) * P["v"]
            return out, np.mean((out - y) ** 2)

        def gap(P, X, Y):
            u = np.sort(u_of(P, X).reshape(X.shape[0], -1), axis=1)
            return (u[:, -1] - u[:, -2]).min()

        s.append(Scenario(
            name, "%s of a [3, 4] value, a scalar" % call_nn, torch_call,
            ["u   = W * x + c;      // [3, 4]",
             "s   = %s;%s// []" % (call_nn, " " * max(1, 15 - len(call_nn))),
             "out = s * v;          // [2]"],
            params, draw_for(offset), "mse(out, y)", per_example=per_example, numpy=numpy,
            target=("real", (2,)), margin=gap if kind == "gap" else None))

    axis_params = [("W", (3, 4)), ("c", (3, 1)), ("V", (4, 3))]

    def draw_axis(rng):
        W = uniform(rng, -1.0, 1.0, (3, 4))
        c = uniform(rng, -1.0, 1.0, (3, 1))
        V = uniform(rng, -1.0, 1.0, (4, 3))
        X = uniform(rng, -2.0, 2.0, (BATCH, 4))
        Y = uniform(rng, -1.0, 1.0, (BATCH, 3))
        return {"W": W, "c": c, "V": V}, X, Y

    for name, fn, last, torch_f, numpy_f in [("sum_axis", "sum", "1", torch.sum, np.sum),
                                             ("mean_axis", "mean", "-1", torch.mean, np.mean)]:
        def per_example(P, x, y, torch_f=torch_f):
            u = P["W"] * x + P["c"]
            out = torch_f(u, 0) @ P["V"] + torch_f(u, 1)
            return out, F.mse_loss(out, y)

        def numpy(P, x, y, numpy_f=numpy_f):
            u = P["W"] * x + P["c"]
            out = numpy_f(u, 0) @ P["V"] + numpy_f(u, 1)
            return out, np.mean((out - y) ** 2)

        s.append(Scenario(
            name, "%s(u, 0) and %s(u, %s) of a [3, 4] value" % (fn, fn, last),
            "torch.%s(u, 0), torch.%s(u, 1)" % (fn, fn),
            ["u    = W * x + c;     // [3, 4]",
             "cols = %s(u, 0);%s// [4]" % (fn, " " * (8 - len(fn))),
             "rows = %s(u, %s);%s// [3]" % (fn, last, " " * (8 - len(fn) - len(last) + 1)),
             "out  = cols @ V + rows; // [4] @ [4, 3] + [3]"],
            axis_params, draw_axis, "mse(out, y)", per_example=per_example, numpy=numpy))
    return s


def structure_scenarios():
    s = []

    def draw_with(extra, target):
        def draw(rng):
            P = {"W": uniform(rng, -1.0, 1.0, (3, 4)), "c": uniform(rng, -1.0, 1.0, (3, 1))}
            for name, shape in extra:
                P[name] = uniform(rng, -1.0, 1.0, shape)
            X = uniform(rng, -2.0, 2.0, (BATCH, 4))
            Y = uniform(rng, -1.0, 1.0, (BATCH,) + target)
            return P, X, Y
        return draw

    def add(name, doc, torch_call, body, extra, target, torch_out, numpy_out):
        def per_example(P, x, y):
            out = torch_out(P, P["W"] * x + P["c"], x)
            return out, F.mse_loss(out, y)

        def numpy(P, x, y):
            out = numpy_out(P, P["W"] * x + P["c"], x)
            return out, np.mean((out - y) ** 2)

        s.append(Scenario(name, doc, torch_call, ["u   = W * x + c;      // [3, 4]"] + body,
                          [("W", (3, 4)), ("c", (3, 1))] + extra, draw_with(extra, target), "mse(out, y)",
                          per_example=per_example, numpy=numpy, target=("real", target)))

    add("transpose", "transpose of a [3, 4] value", "u.t()",
        ["out = transpose(u) @ v;  // [4, 3] @ [3]"], [("v", (3,))], (4,),
        lambda P, u, x: u.t() @ P["v"], lambda P, u, x: u.T @ P["v"])
    add("reshape", "reshape of [3, 4] to [2, 6]", "torch.reshape(u, (2, 6))",
        ["r   = reshape(u, [2, 6]);", "out = r @ v;          // [2]"], [("v", (6,))], (2,),
        lambda P, u, x: torch.reshape(u, (2, 6)) @ P["v"], lambda P, u, x: u.reshape(2, 6) @ P["v"])
    add("flatten", "flatten of [3, 4] to [12]", "torch.flatten(u)",
        ["f   = flatten(u);     // [12]", "out = M @ f;          // [2]"], [("M", (2, 12))], (2,),
        lambda P, u, x: P["M"] @ torch.flatten(u), lambda P, u, x: P["M"] @ u.ravel())
    add("concat", "concat of [3, 4], [2, 4] and [1, 4] along the first axis",
        "torch.cat([u, P, q * x], dim=0)",
        ["k   = concat(u, P, q * x);  // [6, 4]", "out = k @ v;          // [6]"],
        [("P", (2, 4)), ("q", (1, 4)), ("v", (4,))], (6,),
        lambda P, u, x: torch.cat([u, P["P"], P["q"] * x], dim=0) @ P["v"],
        lambda P, u, x: np.concatenate([u, P["P"], P["q"] * x], axis=0) @ P["v"])
    add("index_row", "x[i]: rows 1 and -1 (the last) of a [3, 4] value", "u[1], u[-1]",
        ["out = u[1] * v + u[-1];  // [4]"], [("v", (4,))], (4,),
        lambda P, u, x: u[1] * P["v"] + u[-1], lambda P, u, x: u[1] * P["v"] + u[-1])
    add("slice_rows", "x[a:b]: rows 1 to 3 of a [3, 4] value", "u[1:3]",
        ["s   = u[1:3];         // [2, 4]", "out = s @ v;          // [2]"], [("v", (4,))], (2,),
        lambda P, u, x: u[1:3] @ P["v"], lambda P, u, x: u[1:3] @ P["v"])

    # concat of two vectors: the input and a parameter
    def draw_vectors(rng):
        P = {"a": uniform(rng, -1.0, 1.0, (2,)), "M": uniform(rng, -1.0, 1.0, (3, 6))}
        return P, uniform(rng, -2.0, 2.0, (BATCH, 4)), uniform(rng, -1.0, 1.0, (BATCH, 3))

    def vectors(P, x, y):
        out = P["M"] @ torch.cat([x, P["a"]], dim=0)
        return out, F.mse_loss(out, y)

    def vectors_np(P, x, y):
        out = P["M"] @ np.concatenate([x, P["a"]])
        return out, np.mean((out - y) ** 2)

    s.append(Scenario("concat_vectors", "concat of the input [4] and a parameter [2]", "torch.cat([x, a], dim=0)",
                      ["k   = concat(x, a);   // [6]", "out = M @ k;          // [3]"],
                      [("a", (2,)), ("M", (3, 6))], draw_vectors, "mse(out, y)", per_example=vectors,
                      numpy=vectors_np))
    return s


def regularizer_scenarios():
    s = []
    for name, fn, torch_f, numpy_f in [("l2", "l2", lambda W: (W ** 2).sum(), lambda W: (W ** 2).sum()),
                                       ("l1", "l1", lambda W: W.abs().sum(), lambda W: np.abs(W).sum())]:
        def per_example(P, x, y, torch_f=torch_f):
            out = P["W"] @ x + P["b"]
            return out, F.mse_loss(out, y) + 0.1 * torch_f(P["W"])

        def numpy(P, x, y, numpy_f=numpy_f):
            out = P["W"] @ x + P["b"]
            return out, np.mean((out - y) ** 2) + 0.1 * numpy_f(P["W"])

        s.append(Scenario(name, "%s(W) added to an mse loss" % fn,
                          "(W ** 2).sum()" if fn == "l2" else "W.abs().sum()",
                          ["out = W @ x + b;      // [3]"], [("W", (3, 4)), ("b", (3,))], draw_linear(),
                          "mse(out, y) + 0.1 * %s(W)" % fn, per_example=per_example, numpy=numpy,
                          margin=(lambda P, X, Y: np.abs(P["W"]).min()) if fn == "l1" else None))
    return s


def draw_linear(target="real", k=3, y_lo=-1.0, y_hi=1.0, b_rows=None, w_scale=1.0):
    def draw(rng):
        W = uniform(rng, -w_scale, w_scale, (k, 4))
        b = uniform(rng, -1.0, 1.0, (k,))
        if b_rows is not None:
            b = b + q(np.asarray(b_rows, dtype=np.float64))
        X = uniform(rng, -2.0, 2.0, (BATCH, 4))
        if target == "class":
            Y = rng.integers(0, k, size=(BATCH,)).astype(np.float64)
        elif target == "probs":
            raw = np.exp(rng.normal(0.0, 1.0, size=(BATCH, k)))
            raw = raw / raw.sum(axis=1, keepdims=True)
            Y = q(raw)
            Y[:, -1] = 1.0 - Y[:, :-1].sum(axis=1)
        elif target == "sign":
            Y = rng.choice([-1.0, 1.0], size=(BATCH, k))
        elif target == "binary":
            Y = rng.choice([0.0, 1.0], size=(BATCH, k))
            Y[:, -1] = rng.choice([0.0, 0.25, 0.75, 1.0], size=BATCH)
        else:
            Y = uniform(rng, y_lo, y_hi, (BATCH, k))
        return {"W": W, "b": b}, X, Y
    return draw


def loss_scenarios():
    s = []
    linear = [("W", (3, 4)), ("b", (3,))]

    def outs(P, X):
        return X @ P["W"].T + P["b"]

    def add(name, doc, torch_call, loss_nn, torch_loss, numpy_loss, draw, target=("real", (3,)), margin=None,
            body=None, output="out", torch_out=None, numpy_out=None):
        def per_example(P, x, y):
            out = P["W"] @ x + P["b"]
            return (torch_out(out) if torch_out else out), torch_loss(out, y)

        def numpy(P, x, y):
            out = P["W"] @ x + P["b"]
            return (numpy_out(out) if numpy_out else out), numpy_loss(out, y)

        s.append(Scenario(name, doc, torch_call, body or ["out = W @ x + b;      // [3]"], linear, draw, loss_nn,
                          per_example=per_example, numpy=numpy, target=target, margin=margin, output=output))

    add("mse", "mse(out, y), mean over elements", "torch.nn.functional.mse_loss", "mse(out, y)",
        F.mse_loss, lambda o, y: np.mean((o - y) ** 2), draw_linear())
    add("mae", "mae(out, y), mean over elements", "torch.nn.functional.l1_loss", "mae(out, y)",
        F.l1_loss, lambda o, y: np.mean(np.abs(o - y)), draw_linear(y_lo=-3.0, y_hi=3.0),
        margin=lambda P, X, Y: np.abs(outs(P, X) - Y).min())

    def np_huber(delta):
        def f(o, y):
            a = np.abs(o - y)
            return np.mean(np.where(a < delta, 0.5 * a ** 2, delta * (a - 0.5 * delta)))
        return f

    def huber_margin(delta):
        def m(P, X, Y):
            a = np.abs(outs(P, X) - Y)
            both = (a < delta).any() and (a > delta).any()
            return np.abs(a - delta).min() if both else 0.0
        return m

    add("huber", "huber(out, y) with delta 1, residuals on both sides of delta",
        "torch.nn.functional.huber_loss(out, y, delta=1.0)", "huber(out, y)",
        lambda o, y: F.huber_loss(o, y, delta=1.0), np_huber(1.0), draw_linear(y_lo=-3.0, y_hi=3.0),
        margin=huber_margin(1.0))
    add("huber_half", "huber(out, y, delta = 0.5), residuals on both sides of delta",
        "torch.nn.functional.huber_loss(out, y, delta=0.5)", "huber(out, y, delta = 0.5)",
        lambda o, y: F.huber_loss(o, y, delta=0.5), np_huber(0.5), draw_linear(y_lo=-3.0, y_hi=3.0),
        margin=huber_margin(0.5))
    add("cross_entropy", "cross_entropy(out, label) with a class label; the output is softmax(out)",
        "torch.nn.functional.cross_entropy(out, label)", "cross_entropy(out, label)",
        lambda o, y: F.cross_entropy(o[None], y[None]), lambda o, y: -np_log_softmax(o)[int(y)],
        draw_linear(target="class"), target=("class", 3), output="probs = softmax(out)",
        torch_out=lambda o: F.softmax(o, dim=-1), numpy_out=lambda o: np.exp(np_log_softmax(o)))
    add("cross_entropy_probs", "cross_entropy(out, p) with a probability vector as the target",
        "torch.nn.functional.cross_entropy(out, y) (probability targets)", "cross_entropy(out, y)",
        lambda o, y: F.cross_entropy(o[None], y[None]), lambda o, y: -(y * np_log_softmax(o)).sum(),
        draw_linear(target="probs"))
    # rows 0 and 1 have logits beyond +30 and -30, with targets of both kinds
    add("binary_cross_entropy", "binary_cross_entropy(out, y) with logits, some beyond +-30",
        "torch.nn.functional.binary_cross_entropy_with_logits(out, y)", "binary_cross_entropy(out, y)",
        F.binary_cross_entropy_with_logits,
        lambda o, y: np.mean(np.maximum(o, 0) - o * y + np.log1p(np.exp(-np.abs(o)))),
        draw_linear(target="binary", b_rows=[36.0, -38.0, 0.0], w_scale=0.5),
        margin=lambda P, X, Y: MARGIN if (np.abs(outs(P, X)[:, :2]) > 30).all() else 0.0)

    def hinge_margin(P, X, Y):
        z = 1 - Y * outs(P, X)
        both = (z > 0).any() and (z < 0).any()
        return np.abs(z).min() if both else 0.0

    add("hinge", "hinge(out, y) with y in {-1, +1}, margins of both signs",
        "torch.clamp(1 - y * out, min=0).mean()", "hinge(out, y)",
        lambda o, y: torch.clamp(1 - y * o, min=0).mean(), lambda o, y: np.mean(np.maximum(0, 1 - y * o)),
        draw_linear(target="sign"), margin=hinge_margin)
    add("nll", "nll(log_softmax(out), label)", "torch.nn.functional.nll_loss(log_softmax(out), label)",
        "nll(lp, label)", lambda o, y: F.nll_loss(F.log_softmax(o, dim=-1)[None], y[None]),
        lambda o, y: -np_log_softmax(o)[int(y)], draw_linear(target="class"), target=("class", 3),
        body=["out = W @ x + b;      // [3]", "lp  = log_softmax(out);"], output="lp",
        torch_out=lambda o: F.log_softmax(o, dim=-1), numpy_out=np_log_softmax)
    return s


def layer_scenarios():
    s = []

    def draw_dense(bias, dropout=False):
        def draw(rng):
            P = {"h.weight": uniform(rng, -0.8, 0.8, (5, 4))}
            if bias:
                P["h.bias"] = uniform(rng, -0.5, 0.5, (5,))
            P["out.weight"] = uniform(rng, -0.8, 0.8, (3, 5))
            if bias:
                P["out.bias"] = uniform(rng, -0.5, 0.5, (3,))
            return P, uniform(rng, -2.0, 2.0, (BATCH, 4)), uniform(rng, -1.0, 1.0, (BATCH, 3))
        return draw

    def dense_model(bias):
        def per_example(P, x, y):
            h = torch.tanh(F.linear(x, P["h.weight"], P.get("h.bias")))
            out = F.linear(h, P["out.weight"], P.get("out.bias"))
            return out, F.mse_loss(out, y)

        def numpy(P, x, y):
            h = np.tanh(P["h.weight"] @ x + (P["h.bias"] if bias else 0))
            out = P["out.weight"] @ h + (P["out.bias"] if bias else 0)
            return out, np.mean((out - y) ** 2)
        return per_example, numpy

    pe, npf = dense_model(True)
    s.append(Scenario("dense", "two dense layers with bias", "torch.nn.functional.linear(x, weight, bias)",
                      ["h   = tanh(dense(x, 5));", "out = dense(h, 3);"],
                      [("h.weight", (5, 4)), ("h.bias", (5,)), ("out.weight", (3, 5)), ("out.bias", (3,))],
                      draw_dense(True), "mse(out, y)", per_example=pe, numpy=npf))
    pe, npf = dense_model(False)
    s.append(Scenario("dense_no_bias", "two dense layers without bias", "torch.nn.functional.linear(x, weight)",
                      ["h   = tanh(dense(x, 5, bias = false));", "out = dense(h, 3, bias = false);"],
                      [("h.weight", (5, 4)), ("out.weight", (3, 5))],
                      draw_dense(False), "mse(out, y)", per_example=pe, numpy=npf))

    # dropout: training mode draws a random mask, so only inference (identity) is compared
    _, npf = dense_model(True)

    def pe(P, x, y):
        h = torch.tanh(F.linear(x, P["h.weight"], P["h.bias"]))
        out = F.linear(F.dropout(h, 0.5, training=False), P["out.weight"], P["out.bias"])
        return out, F.mse_loss(out, y)
    s.append(Scenario("dropout", "dropout(h, 0.5) between two dense layers; inference only (identity)",
                      "torch.nn.functional.dropout(h, 0.5, training=False)",
                      ["h   = tanh(dense(x, 5));", "d   = dropout(h, 0.5);", "out = dense(d, 3);"],
                      [("h.weight", (5, 4)), ("h.bias", (5,)), ("out.weight", (3, 5)), ("out.bias", (3,))],
                      draw_dense(True), "mse(out, y)", per_example=pe, numpy=npf, trains=False))

    # batch_norm on a vector [3]: statistics per feature over the batch
    def bn_vector(name, call, momentum, eps):
        def draw(rng):
            P = {"W": uniform(rng, -1.0, 1.0, (3, 4)), "bn.gamma": uniform(rng, 0.5, 1.5, (3,)),
                 "bn.beta": uniform(rng, -0.5, 0.5, (3,))}
            return P, uniform(rng, -2.0, 2.0, (BATCH, 4)), uniform(rng, -1.0, 1.0, (BATCH, 3))

        def batched(P, X, Y, state, training):
            mean, var = state["bn"]
            z = X @ P["W"].t()
            out = torch.tanh(F.batch_norm(z, mean, var, P["bn.gamma"], P["bn.beta"], training=training,
                                          momentum=momentum, eps=eps))
            return out, ((out - Y) ** 2).mean(dim=1)

        return Scenario(name, "%s on a vector [3], per feature over the batch" % call,
                        "torch.nn.functional.batch_norm(z, running_mean, running_var, gamma, beta, training, "
                        "momentum=%g, eps=%g) on [n, 3] (BatchNorm1d)" % (momentum, eps),
                        ["z   = W @ x;          // [3]", "bn  = %s;" % call, "out = tanh(bn);"],
                        [("W", (3, 4)), ("bn.gamma", (3,)), ("bn.beta", (3,))], draw, "mse(out, y)",
                        batched=batched, bn=[("bn", 3, momentum, eps, lambda P, X: X @ P["W"].T)])

    s.append(bn_vector("batch_norm", "batch_norm(z)", 0.1, 1e-5))
    s.append(bn_vector("batch_norm_args", "batch_norm(z, momentum = 0.3, eps = 0.01)", 0.3, 0.01))

    # batch_norm on [C, H, W] = [2, 3, 3]: statistics per channel over the batch and the positions
    def draw_chw(rng):
        P = {"a": uniform(rng, 0.5, 1.5, (2, 1, 1)), "c": uniform(rng, -1.0, 1.0, (3,)),
             "bn.gamma": uniform(rng, 0.5, 1.5, (2,)), "bn.beta": uniform(rng, -0.5, 0.5, (2,))}
        return P, uniform(rng, -2.0, 2.0, (BATCH, 2, 3, 3)), uniform(rng, -2.0, 2.0, (BATCH, 2, 3))

    def chw(P, X, Y, state, training):
        mean, var = state["bn"]
        u = P["a"] * X + P["c"]
        bn = F.batch_norm(u, mean, var, P["bn.gamma"], P["bn.beta"], training=training, momentum=0.1, eps=1e-5)
        out = torch.tanh(bn).sum(dim=3)
        return out, ((out - Y) ** 2).mean(dim=(1, 2))

    s.append(Scenario("batch_norm_chw", "batch_norm on [C, H, W] = [2, 3, 3], per channel",
                      "torch.nn.functional.batch_norm(u, running_mean, running_var, gamma, beta, training, "
                      "momentum=0.1, eps=1e-5) on [n, 2, 3, 3] (BatchNorm2d)",
                      ["u   = a * x + c;      // [2, 1, 1] * [2, 3, 3] + [3]",
                       "bn  = batch_norm(u);",
                       "out = sum(tanh(bn), 2);  // [2, 3]"],
                      [("a", (2, 1, 1)), ("c", (3,)), ("bn.gamma", (2,)), ("bn.beta", (2,))], draw_chw,
                      "mse(out, y)", batched=chw, input_shape=(2, 3, 3), target=("real", (2, 3)),
                      bn=[("bn", 2, 0.1, 1e-5, lambda P, X: P["a"] * X + P["c"])]))

    # layer_norm over the last axis of [3, 4]
    def draw_ln(rng):
        P = {"W": uniform(rng, -1.0, 1.0, (3, 4)), "c": uniform(rng, -1.0, 1.0, (4,)),
             "v": uniform(rng, -1.0, 1.0, (4,)), "ln.gamma": uniform(rng, 0.5, 1.5, (4,)),
             "ln.beta": uniform(rng, -0.5, 0.5, (4,))}
        return P, uniform(rng, -2.0, 2.0, (BATCH, 4)), uniform(rng, -1.0, 1.0, (BATCH, 3))

    def ln(P, x, y):
        u = P["W"] * x + P["c"]
        out = torch.tanh(F.layer_norm(u, (4,), P["ln.gamma"], P["ln.beta"], eps=1e-5)) @ P["v"]
        return out, F.mse_loss(out, y)

    def ln_np(P, x, y):
        u = P["W"] * x + P["c"]
        m = u.mean(axis=-1, keepdims=True)
        var = ((u - m) ** 2).mean(axis=-1, keepdims=True)
        out = np.tanh((u - m) / np.sqrt(var + 1e-5) * P["ln.gamma"] + P["ln.beta"]) @ P["v"]
        return out, np.mean((out - y) ** 2)

    s.append(Scenario("layer_norm", "layer_norm over the last axis of [3, 4]",
                      "torch.nn.functional.layer_norm(u, (4,), gamma, beta, eps=1e-5)",
                      ["u   = W * x + c;      // [3, 4]; c is [4]: layer_norm ignores a shift of a whole row",
                       "ln  = layer_norm(u);", "out = tanh(ln) @ v;   // [3]"],
                      [("W", (3, 4)), ("c", (4,)), ("v", (4,)), ("ln.gamma", (4,)), ("ln.beta", (4,))],
                      draw_ln, "mse(out, y)", per_example=ln, numpy=ln_np))
    return s


def function_scenarios():
    all_ = (elementwise_scenarios() + reduction_scenarios() + structure_scenarios() + regularizer_scenarios()
            + loss_scenarios() + layer_scenarios())
    names = [s.name for s in all_]
    assert len(names) == len(set(names)), names
    return all_


# ---- optimizer trajectories -------------------------------------------------------------------

STEPS_PER_EPOCH = 5
EPOCHS = 5
EXAMPLES = 10
BATCH_OPT = 2


class Trajectory:
    """A 4-6-k MLP trained for 25 steps. opt: optimizer name and arguments as in the .nn text;
    schedules: [(kind, args)]; clip: ("norm" | "value", c) or None."""

    def __init__(self, name, doc, act, task, opt, opt_nn, schedules=(), schedule_nn=None, clip=None):
        self.name = name
        self.doc = doc
        self.act = act          # "relu" or "tanh"
        self.task = task        # "class": 3 classes, cross_entropy; "real": 2 outputs, mse
        self.opt = opt          # (kind, {args})
        self.opt_nn = opt_nn
        self.schedules = list(schedules)
        self.schedule_nn = schedule_nn
        self.clip = clip

    @property
    def outputs(self):
        return 3 if self.task == "class" else 2

    def nn_text(self):
        k = self.outputs
        lines = [
            "// Optimizer trajectory '%s': %s" % (self.name, self.doc),
            "// 25 steps checked against torch.optim; written by make_goldens.py, values in %s.txt." % self.name,
            "package dev.modelc.goldens;",
            "",
            "model %s {" % camel(self.name),
            "  input  x[4];",
            "  target label : class(3);" if self.task == "class" else "  target y[2];",
            "",
            "  h   = %s(dense(x, 6));" % self.act,
            "  out = dense(h, %d);" % k,
            "",
            "  output out;",
            "  loss %s;" % ("cross_entropy(out, label)" if self.task == "class" else "mse(out, y)"),
            "",
            "  train {",
            "    optimizer %s;" % self.opt_nn,
        ]
        if self.schedule_nn:
            lines.append("    schedule %s;" % self.schedule_nn)
        if self.clip:
            lines.append("    clip_%s %s;" % self.clip)
        lines += ["    batch %d;" % BATCH_OPT, "    epochs %d;" % EPOCHS, "    shuffle false;", "  }", "}", ""]
        return "\n".join(lines)


def trajectories():
    sgd = lambda lr, **kw: ("sgd", dict(lr=lr, **kw))
    adam = lambda lr, **kw: ("adam", dict(lr=lr, **kw))
    return [
        Trajectory("sgd", "plain SGD", "relu", "class", sgd(0.1), "sgd(lr = 0.1)"),
        Trajectory("sgd_momentum", "SGD with momentum 0.9", "tanh", "real", sgd(0.05, momentum=0.9),
                   "sgd(lr = 0.05, momentum = 0.9)"),
        Trajectory("sgd_nesterov", "SGD with Nesterov momentum 0.9", "relu", "class",
                   sgd(0.05, momentum=0.9, nesterov=True), "sgd(lr = 0.05, momentum = 0.9, nesterov = true)"),
        Trajectory("sgd_weight_decay", "SGD with L2 weight decay 0.05", "tanh", "real",
                   sgd(0.1, weight_decay=0.05), "sgd(lr = 0.1, weight_decay = 0.05)"),
        Trajectory("adam", "Adam with the default betas and eps", "relu", "class", adam(0.01), "adam(lr = 0.01)"),
        Trajectory("adam_weight_decay", "Adam with L2 weight decay 0.05 (added to the gradient)", "tanh", "real",
                   adam(0.01, weight_decay=0.05), "adam(lr = 0.01, weight_decay = 0.05)"),
        Trajectory("adamw", "AdamW, decoupled weight decay 0.1", "relu", "class",
                   ("adamw", dict(lr=0.01, weight_decay=0.1)), "adamw(lr = 0.01, weight_decay = 0.1)"),
        Trajectory("rmsprop", "RMSprop, alpha 0.99, eps 1e-8, no momentum", "tanh", "real",
                   ("rmsprop", dict(lr=0.01)), "rmsprop(lr = 0.01, alpha = 0.99, eps = 1e-8)"),
        Trajectory("rmsprop_momentum", "RMSprop with momentum 0.9", "relu", "class",
                   ("rmsprop", dict(lr=0.01, momentum=0.9)), "rmsprop(lr = 0.01, momentum = 0.9)"),
        Trajectory("schedule_step", "SGD, lr halved every 2 epochs", "relu", "class", sgd(0.2),
                   "sgd(lr = 0.2)", [("step", dict(every=2, gamma=0.5))], "step(every = 2, gamma = 0.5)"),
        Trajectory("schedule_exponential", "Adam, lr times 0.8 each epoch", "tanh", "real", adam(0.02),
                   "adam(lr = 0.02)", [("exponential", dict(gamma=0.8))], "exponential(gamma = 0.8)"),
        Trajectory("schedule_cosine", "SGD with momentum, cosine annealing to 0.001 over the 5 epochs", "tanh",
                   "class", sgd(0.1, momentum=0.9), "sgd(lr = 0.1, momentum = 0.9)",
                   [("cosine", dict(min_lr=0.001))], "cosine(min_lr = 0.001)"),
        Trajectory("schedule_warmup", "Adam, linear warmup over 7 steps", "relu", "class", adam(0.01),
                   "adam(lr = 0.01)", [("warmup", dict(steps=7))], "warmup(steps = 7)"),
        Trajectory("schedule_warmup_cosine", "SGD, warmup over 7 steps times cosine annealing to 0", "tanh",
                   "real", sgd(0.2), "sgd(lr = 0.2)", [("warmup", dict(steps=7)), ("cosine", dict(min_lr=0.0))],
                   "warmup(7), cosine()"),
        Trajectory("clip_norm", "SGD with the global gradient norm clipped to 0.5", "relu", "class", sgd(0.2),
                   "sgd(lr = 0.2)", clip=("norm", 0.5)),
        Trajectory("clip_norm_adam", "Adam with the global gradient norm clipped to 0.5", "tanh", "real",
                   adam(0.01), "adam(lr = 0.01)", clip=("norm", 0.5)),
        Trajectory("clip_value", "SGD with each gradient element clipped to [-0.05, 0.05]", "tanh", "real",
                   sgd(0.2), "sgd(lr = 0.2)", clip=("value", 0.05)),
    ]


def mlp_layout(t):
    return [("h.weight", (6, 4)), ("h.bias", (6,)), ("out.weight", (t.outputs, 6)), ("out.bias", (t.outputs,))]


def draw_trajectory(t, attempt):
    rng = np.random.default_rng(zlib.crc32(("%s/%d" % (t.name, attempt)).encode("utf-8")))
    params = [uniform(rng, -0.5, 0.5, shape) for _, shape in mlp_layout(t)]
    X = uniform(rng, -2.0, 2.0, (EXAMPLES, 4))
    if t.task == "class":
        Y = rng.integers(0, 3, size=(EXAMPLES,)).astype(np.float64)
    else:
        Y = uniform(rng, -1.0, 1.0, (EXAMPLES, 2))
    return params, X, Y


def torch_optimizer(t, params):
    kind, a = t.opt
    if kind == "sgd":
        return torch.optim.SGD(params, lr=a["lr"], momentum=a.get("momentum", 0.0),
                               nesterov=a.get("nesterov", False), weight_decay=a.get("weight_decay", 0.0))
    if kind == "adam":
        return torch.optim.Adam(params, lr=a["lr"], betas=(0.9, 0.999), eps=1e-8,
                                weight_decay=a.get("weight_decay", 0.0))
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=a["lr"], betas=(0.9, 0.999), eps=1e-8, weight_decay=a["weight_decay"])
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=a["lr"], alpha=0.99, eps=1e-8, momentum=a.get("momentum", 0.0),
                                   centered=False)
    raise ValueError(kind)


def torch_schedulers(t, opt):
    """(per-epoch schedulers, per-step schedulers), as torch.optim.lr_scheduler objects."""
    kinds = [k for k, _ in t.schedules]
    if not kinds:
        return [], []
    if kinds == ["step"]:
        a = t.schedules[0][1]
        return [torch.optim.lr_scheduler.StepLR(opt, step_size=a["every"], gamma=a["gamma"])], []
    if kinds == ["exponential"]:
        return [torch.optim.lr_scheduler.ExponentialLR(opt, gamma=t.schedules[0][1]["gamma"])], []
    if kinds == ["cosine"]:
        return [torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS,
                                                           eta_min=t.schedules[0][1]["min_lr"])], []
    if kinds == ["warmup"]:
        w = t.schedules[0][1]["steps"]
        return [], [torch.optim.lr_scheduler.LambdaLR(opt, lambda step: min(1.0, (step + 1) / w))]
    if kinds == ["warmup", "cosine"]:
        w = t.schedules[0][1]["steps"]
        assert t.schedules[1][1]["min_lr"] == 0.0
        return [], [torch.optim.lr_scheduler.LambdaLR(
            opt, lambda step: min(1.0, (step + 1) / w)
            * 0.5 * (1 + math.cos(math.pi * (step // STEPS_PER_EPOCH) / EPOCHS)))]
    raise ValueError(kinds)


def run_torch(t, params0, X, Y):
    """25 steps with torch.optim; returns (losses, parameters after each step, least |pre-activation|)."""
    ps = [torch.nn.Parameter(torch.tensor(p)) for p in params0]
    Xt = torch.tensor(X)
    Yt = torch.tensor(Y.astype(np.int64)) if t.task == "class" else torch.tensor(Y)
    opt = torch_optimizer(t, ps)
    per_epoch, per_step = torch_schedulers(t, opt)
    act = torch.relu if t.act == "relu" else torch.tanh
    losses, after, least = [], [], math.inf
    for epoch in range(EPOCHS):
        for b in range(STEPS_PER_EPOCH):
            rows = slice(b * BATCH_OPT, (b + 1) * BATCH_OPT)
            opt.zero_grad()
            z = F.linear(Xt[rows], ps[0], ps[1])
            least = min(least, z.abs().min().item())
            out = F.linear(act(z), ps[2], ps[3])
            loss = F.cross_entropy(out, Yt[rows]) if t.task == "class" else F.mse_loss(out, Yt[rows])
            loss.backward()
            if t.clip and t.clip[0] == "norm":
                torch.nn.utils.clip_grad_norm_(ps, t.clip[1])
            elif t.clip:
                torch.nn.utils.clip_grad_value_(ps, t.clip[1])
            opt.step()
            for s in per_step:
                s.step()
            losses.append(loss.item())
            after.append(np.concatenate([p.detach().numpy().ravel() for p in ps]))
        for s in per_epoch:
            s.step()
    return losses, after, least


def write_trajectory(t, folder):
    # A ReLU unit whose input sits near zero could switch sides between float and double code;
    # redraw until every pre-activation along the path stays clear of zero.
    for attempt in range(100):
        params0, X, Y = draw_trajectory(t, attempt)
        losses, after, least = run_torch(t, params0, X, Y)
        if t.act != "relu" or least >= 5e-3:
            break
    else:
        raise AssertionError("no ReLU-safe draw for " + t.name)
    out = ["steps %d" % len(losses), line("params", np.concatenate([p.ravel() for p in params0])), line("x", X)]
    if t.task == "class":
        out.append("y " + " ".join(str(int(v)) for v in Y))
    else:
        out.append(line("y", Y))
    out.append(line("loss", losses))
    for i, p in enumerate(after):
        out.append(("after %d " % (i + 1)) + " ".join(fmt(v) for v in p))
    write(os.path.join(folder, t.name + ".nn"), t.nn_text())
    write(os.path.join(folder, t.name + ".txt"), "\n".join(out) + "\n")


# ---- self-check: read everything back ---------------------------------------------------------

def close(a, b, rtol, atol=0.0):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


def check_function(s, folder):
    r = read_records(os.path.join(folder, s.name + ".txt"))
    n = int(r["n"][0][0])
    flat = np.array(r["params"][0])
    sizes = [int(np.prod(shape)) for _, shape in s.params]
    assert flat.size == sum(sizes), s.name
    Pn, offset = {}, 0
    for (name, shape), size in zip(s.params, sizes):
        Pn[name] = flat[offset:offset + size].reshape(shape)
        offset += size
    X = np.array(r["x"][0]).reshape((n,) + tuple(s.input_shape))
    Y = np.array(r["y"][0])
    Y = Y.reshape((n,) if s.target[0] == "class" else (n,) + tuple(s.target[1]))
    assert (np.abs(np.concatenate([flat, X.ravel(), Y.ravel()]) * GRID % 1) == 0).all(), s.name

    again = evaluate(s, Pn, X, Y)
    assert close(r["predict"][0], again["predict"].ravel(), 1e-15, 1e-300), s.name
    assert close(r["eval_loss"][0][0], again["eval_loss"], 1e-15), s.name

    if s.numpy is not None and s.batched is None:
        outs, losses = zip(*(s.numpy(Pn, X[i], Y[i]) for i in range(n)))
        assert close(r["predict"][0], np.concatenate([np.ravel(o) for o in outs]), 1e-10, 1e-12), s.name
        assert close(r["eval_loss"][0][0], np.mean(losses), 1e-10), s.name

    if not s.trains:
        assert "loss" not in r and "grad" not in r
        return
    loss = r["loss"][0][0]
    grad = np.array(r["grad"][0])
    assert close(loss, again["loss"], 1e-15), s.name
    if s.batched is None:
        assert close(loss, r["eval_loss"][0][0], 1e-15), s.name

    # central differences of the training-mode mean loss, fresh running statistics each time
    def mean_loss(vec):
        P, off = {}, 0
        for (name, shape), size in zip(s.params, sizes):
            P[name] = torch.tensor(vec[off:off + size].reshape(shape))
            off += size
        Yt = torch.tensor(Y.astype(np.int64)) if s.target[0] == "class" else torch.tensor(Y)
        with torch.no_grad():
            if s.frozen is not None:
                P0 = {k: torch.tensor(v) for k, v in Pn.items()}
                return np.mean([s.frozen(P, P0, torch.tensor(X[i]), Yt[i]).item() for i in range(n)])
            return s.forward(P, torch.tensor(X), Yt, fresh_state(s), True)[1].mean().item()

    h = 1e-6
    fd = np.empty_like(flat)
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += h
        down[i] -= h
        fd[i] = (mean_loss(up) - mean_loss(down)) / (2 * h)
    # An entry is exactly zero (a unit switched off) or clearly nonzero, never rounding noise of a
    # derivative that vanishes identically, which no other implementation could reproduce.
    scale = np.abs(grad).max()
    assert np.all((grad == 0) | (np.abs(grad) > 1e-9 * scale)), (s.name, "gradient entries of rounding size")
    tol = 1e-6 * (1 + abs(loss))
    assert np.all(np.abs(fd - grad) <= tol + 1e-6 * np.abs(grad)), (s.name, np.abs(fd - grad).max())

    for layer, c, momentum, eps, pre in s.bn or []:
        z = pre(Pn, X)
        axes = tuple(i for i in range(z.ndim) if i != 1)
        count = z.size // c
        mean = z.mean(axis=axes)
        var = ((z - mean.reshape((1, c) + (1,) * (z.ndim - 2))) ** 2).mean(axis=axes)
        running_mean = momentum * mean
        running_var = (1 - momentum) + momentum * var * count / (count - 1)
        assert close(r["running_mean"][0], running_mean, 1e-12, 1e-15), s.name
        assert close(r["running_var"][0], running_var, 1e-12), s.name


def numpy_trajectory(t, params0, X, Y):
    """The same 25 steps, written out from PyTorch's documented update rules."""
    ps = [p.astype(np.float64).copy() for p in params0]
    kind, a = t.opt
    lr0 = a["lr"]
    state = [dict(m=np.zeros_like(p), v=np.zeros_like(p), buf=None) for p in ps]
    losses, after = [], []
    for step in range(EPOCHS * STEPS_PER_EPOCH):
        epoch = step // STEPS_PER_EPOCH
        lr = lr0
        for sk, sa in t.schedules:
            if sk == "step":
                lr *= sa["gamma"] ** (epoch // sa["every"])
            elif sk == "exponential":
                lr *= sa["gamma"] ** epoch
            elif sk == "cosine":
                lr = sa["min_lr"] + (lr - sa["min_lr"]) * 0.5 * (1 + math.cos(math.pi * epoch / EPOCHS))
            elif sk == "warmup":
                lr *= min(1.0, (step + 1) / sa["steps"])
        b = step % STEPS_PER_EPOCH
        x = X[b * BATCH_OPT:(b + 1) * BATCH_OPT]
        y = Y[b * BATCH_OPT:(b + 1) * BATCH_OPT]
        n = x.shape[0]
        W1, b1, W2, b2 = ps
        z = x @ W1.T + b1
        hidden = np.maximum(z, 0) if t.act == "relu" else np.tanh(z)
        o = hidden @ W2.T + b2
        if t.task == "class":
            lp = np_log_softmax(o)
            labels = y.astype(int)
            losses.append(-lp[np.arange(n), labels].mean())
            d_o = np.exp(lp)
            d_o[np.arange(n), labels] -= 1
            d_o /= n
        else:
            losses.append(np.mean((o - y) ** 2))
            d_o = 2 * (o - y) / o.size
        d_hidden = d_o @ W2
        d_z = d_hidden * ((z > 0) if t.act == "relu" else (1 - hidden ** 2))
        grads = [d_z.T @ x, d_z.sum(0), d_o.T @ hidden, d_o.sum(0)]
        if t.clip and t.clip[0] == "norm":
            total = math.sqrt(sum((g ** 2).sum() for g in grads))
            coef = t.clip[1] / (total + 1e-6)
            if coef < 1:
                grads = [g * coef for g in grads]
        elif t.clip:
            grads = [np.clip(g, -t.clip[1], t.clip[1]) for g in grads]
        k = step + 1
        for p, g, st in zip(ps, grads, state):
            wd = a.get("weight_decay", 0.0)
            if kind == "sgd":
                g = g + wd * p
                mu = a.get("momentum", 0.0)
                if mu:
                    st["buf"] = g.copy() if st["buf"] is None else mu * st["buf"] + g
                    g = g + mu * st["buf"] if a.get("nesterov") else st["buf"]
                p -= lr * g
            elif kind in ("adam", "adamw"):
                if kind == "adamw":
                    p *= 1 - lr * wd
                else:
                    g = g + wd * p
                st["m"] = 0.9 * st["m"] + 0.1 * g
                st["v"] = 0.999 * st["v"] + 0.001 * g * g
                m_hat = st["m"] / (1 - 0.9 ** k)
                v_hat = st["v"] / (1 - 0.999 ** k)
                p -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
            elif kind == "rmsprop":
                st["v"] = 0.99 * st["v"] + 0.01 * g * g
                avg = np.sqrt(st["v"]) + 1e-8
                mu = a.get("momentum", 0.0)
                if mu:
                    st["buf"] = (np.zeros_like(p) if st["buf"] is None else st["buf"]) * mu + g / avg
                    p -= lr * st["buf"]
                else:
                    p -= lr * g / avg
        after.append(np.concatenate([p.ravel() for p in ps]))
    return losses, after


def check_trajectory(t, folder):
    r = read_records(os.path.join(folder, t.name + ".txt"))
    steps = int(r["steps"][0][0])
    assert steps == EPOCHS * STEPS_PER_EPOCH
    flat = np.array(r["params"][0])
    params0, off = [], 0
    for _, shape in mlp_layout(t):
        size = int(np.prod(shape))
        params0.append(flat[off:off + size].reshape(shape))
        off += size
    assert off == flat.size
    X = np.array(r["x"][0]).reshape(EXAMPLES, 4)
    Y = np.array(r["y"][0])
    Y = Y.reshape(EXAMPLES) if t.task == "class" else Y.reshape(EXAMPLES, 2)
    losses, after = numpy_trajectory(t, params0, X, Y)
    assert len(r["loss"][0]) == steps and len(r["after"]) == steps
    assert close(r["loss"][0], losses, 1e-9), (t.name, "loss")
    for i, row in enumerate(r["after"]):
        assert int(row[0]) == i + 1
        assert close(row[1:], after[i], 1e-9, 1e-12), (t.name, "after", i + 1)
    # the run must move: most parameters end somewhere else than they started
    assert np.mean(np.array(r["after"][-1][1:]) != flat) > 0.5, t.name


def clipping_is_active(t, folder):
    """True when the clipped run differs from the same run without clipping."""
    r = read_records(os.path.join(folder, t.name + ".txt"))
    flat = np.array(r["params"][0])
    X = np.array(r["x"][0]).reshape(EXAMPLES, 4)
    Y = np.array(r["y"][0])
    Y = Y.reshape(EXAMPLES) if t.task == "class" else Y.reshape(EXAMPLES, 2)
    params0, off = [], 0
    for _, shape in mlp_layout(t):
        size = int(np.prod(shape))
        params0.append(flat[off:off + size].reshape(shape))
        off += size
    unclipped = Trajectory(t.name, t.doc, t.act, t.task, t.opt, t.opt_nn, t.schedules, t.schedule_nn, None)
    _, plain = numpy_trajectory(unclipped, params0, X, Y)
    clipped = [np.array(row[1:]) for row in r["after"]]
    return not np.allclose(plain[0], clipped[0], rtol=1e-12, atol=0) or not np.allclose(plain[-1], clipped[-1])


# ---- main -------------------------------------------------------------------------------------

def main():
    functions_dir = os.path.join(HERE, "functions")
    optim_dir = os.path.join(HERE, "optim")
    for folder in (functions_dir, optim_dir):
        os.makedirs(folder, exist_ok=True)
        # files of scenarios that no longer exist must not linger
        for old in os.listdir(folder):
            if old.endswith((".nn", ".txt", ".list")):
                os.remove(os.path.join(folder, old))

    scenarios = function_scenarios()
    for s in scenarios:
        write_function(s, functions_dir)
    write(os.path.join(functions_dir, "scenarios.list"), "".join(s.name + "\n" for s in scenarios))

    runs = trajectories()
    for t in runs:
        write_trajectory(t, optim_dir)
    write(os.path.join(optim_dir, "scenarios.list"), "".join(t.name + "\n" for t in runs))

    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    for name in [s.name for s in scenarios] + [t.name for t in runs]:
        assert "`%s`" % name in readme, "README.md does not describe " + name
    for s in scenarios:
        check_function(s, functions_dir)
    for t in runs:
        check_trajectory(t, optim_dir)
        if t.clip:
            assert clipping_is_active(t, optim_dir), t.name
    print("wrote and checked %d function scenarios and %d trajectories with torch %s"
          % (len(scenarios), len(runs), torch.__version__))


if __name__ == "__main__":
    main()
