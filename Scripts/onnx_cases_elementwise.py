"""Conformance cases of the elementwise family (unary math, activations, Pow, variadic
Min/Max/Mean, comparisons, logic, Where, Cast/CastLike, LogSoftmax, Hardmax), recorded from
onnxruntime by Scripts/make-onnx-cases (`Scripts/make-onnx-cases ew_unary_math ...`).

Inputs are uniform(-1, 1); each case scales them inside the graph where an op needs a wider
range (exponentials, rounding, casts). BOOL and integer outputs are saved as float32 values,
which is how Strata holds them at run time.
"""

import numpy as np
from onnx import TensorProto


def register(case, conv):
    def scaled(c, x, factor):
        return c.op("Mul", [x, c.const(np.float32(factor))])

    @case("ew_unary_math", {"x": [2, 3, 4, 5]}, opset=13)
    def _(c):
        y = scaled(c, "x", 4.0)
        a = c.op("Abs", [y])
        outputs = [c.op(op, [y]) for op in ["Exp", "Neg", "Reciprocal", "Floor", "Ceil", "Round", "Sign"]]
        return outputs + [c.op("Sqrt", [a]), c.op("Log", [a]), a]

    @case("ew_round_halves", {"x": [3, 8]}, opset=11)
    def _(c):   # x·4 rounded to quarters: exact halves (0.5, 1.5, -2.5) go to even
        quarters = c.op("Div", [c.op("Floor", [scaled(c, "x", 16.0)]), c.const(np.float32(4.0))])
        return c.op("Round", [quarters])

    @case("ew_activations_opset18", {"x": [2, 3, 4, 5]}, opset=18)
    def _(c):
        y = scaled(c, "x", 6.0)
        return [c.op("Elu", [y], alpha=0.7), c.op("Selu", [y]), c.op("Celu", [y], alpha=1.5), c.op("Softplus", [y]),
                c.op("Mish", [y]), c.op("ThresholdedRelu", [y], alpha=0.3), c.op("Shrink", [y], bias=0.2, lambd=0.4)]

    @case("ew_activations_opset10", {"x": [1, 4, 3, 3]}, opset=10)
    def _(c):
        y = scaled(c, "x", 5.0)
        return [c.op("Elu", [y]), c.op("Selu", [y], alpha=1.2, gamma=0.9), c.op("Softplus", [y]),
                c.op("ThresholdedRelu", [y]), c.op("Shrink", [y])]

    @case("ew_pow", {"x": [2, 3, 2, 4]}, opset=13)
    def _(c):
        positive = c.op("Add", [c.op("Abs", [scaled(c, "x", 3.0)]), c.const(np.float32(0.1))])
        exponents = c.const(np.array([2.0, 0.5, -1.5], dtype=np.float32).reshape(1, 3, 1, 1))
        negative_base = scaled(c, "x", 3.0)   # integer exponents: exact odd powers of negatives
        cube = c.op("Pow", [negative_base, c.const(np.float32(3.0))])
        integer_exponent = c.op("Pow", [negative_base, c.const(np.array([2, -1], dtype=np.int64).reshape(2, 1), dtype=np.int64)])
        return [c.op("Pow", [positive, exponents]), cube, integer_exponent]

    @case("ew_min_max_mean", {"a": [2, 3, 4], "b": [3, 1], "c": [4]}, opset=13)
    def _(c):
        return [c.op("Min", ["a", "b", "c"]), c.op("Max", ["a", "b"]), c.op("Mean", ["a", "b", "c"]),
                c.op("Max", ["c"]), c.op("Min", ["a", c.const(np.float32(0.25))])]

    @case("ew_min_max_mean_opset7", {"a": [2, 5], "b": [2, 5], "c": [2, 5]}, opset=7)
    def _(c):
        return [c.op("Min", ["a", "b", "c"]), c.op("Max", ["a", "b", "c"]), c.op("Mean", ["a", "b"])]

    @case("ew_compare_logic_where", {"a": [2, 3, 4], "b": [3, 1]}, opset=16)
    def _(c):
        # Rounded to halves of the inputs so that Equal and the <=, >= ties happen.
        ra = c.op("Round", [scaled(c, "a", 2.0)])
        rb = c.op("Round", [scaled(c, "b", 2.0)])
        less = c.op("Less", [ra, rb])
        greater = c.op("Greater", [ra, rb])
        equal = c.op("Equal", [ra, rb])
        le = c.op("LessOrEqual", [ra, rb])
        ge = c.op("GreaterOrEqual", [ra, rb])
        logic = [c.op("And", [less, c.op("Not", [equal])]), c.op("Or", [greater, equal]), c.op("Xor", [le, ge])]
        picked = c.op("Where", [less, "a", c.op("Mul", ["b", c.const(np.float32(10.0))])])
        scalar_pick = c.op("Where", [ge, c.const(np.float32(1.5)), "b"])
        return [less, greater, equal, le, ge] + logic + [picked, scalar_pick]

    @case("ew_comparisons_opset9", {"a": [3, 4], "b": [4]}, opset=9)
    def _(c):
        less = c.op("Less", ["a", "b"])
        return [c.op("Where", [less, "a", "b"]), c.op("Greater", ["a", "b"]), c.op("Cast", [less], to=TensorProto.FLOAT)]

    @case("ew_cast_runtime", {"x": [4, 16]}, opset=13)
    def _(c):
        y = scaled(c, "x", 400.0)
        targets = [TensorProto.INT8, TensorProto.UINT8, TensorProto.INT16, TensorProto.UINT16, TensorProto.INT32,
                   TensorProto.INT64, TensorProto.FLOAT16, TensorProto.BOOL, TensorProto.DOUBLE]
        casts = [c.op("Cast", [y], to=t) for t in targets]
        # BFLOAT16 (numpy has no such type) and INT32 back to FLOAT; BOOL of floor(x): 0 for x in [0, 1).
        bfloat = c.op("Cast", [c.op("Cast", [y], to=TensorProto.BFLOAT16)], to=TensorProto.FLOAT)
        back = c.op("Cast", [c.op("Cast", [y], to=TensorProto.INT32)], to=TensorProto.FLOAT)
        return casts + [bfloat, back, c.op("Cast", [c.op("Floor", ["x"])], to=TensorProto.BOOL)]

    @case("ew_castlike", {"x": [3, 5]}, opset=15)
    def _(c):
        # An Elu body as exporters write it: alpha cast like X, Where(x < 0, alpha·(e^x − 1), x).
        y = scaled(c, "x", 3.0)
        alpha = c.op("CastLike", [c.const(np.float64(0.5), dtype=np.float64), y])
        one = c.op("CastLike", [c.const(np.int64(1), dtype=np.int64), y])
        zero = c.op("CastLike", [c.const(np.int64(0), dtype=np.int64), y])
        elu = c.op("Where", [c.op("Less", [y, zero]), c.op("Mul", [alpha, c.op("Sub", [c.op("Exp", [y]), one])]), y])
        as_int = c.op("CastLike", [scaled(c, "x", 300.0), c.const(np.array([7], dtype=np.int8), dtype=np.int8)])
        as_half = c.op("CastLike", [y, c.const(np.array([1], dtype=np.float16), dtype=np.float16)])
        return [elu, as_int, as_half]

    @case("ew_logsoftmax_hardmax_opset13", {"x": [2, 4, 3]}, opset=13)
    def _(c):
        y = scaled(c, "x", 20.0)
        rounded = c.op("Round", [scaled(c, "x", 2.0)])   # ties: the first maximum wins
        return [c.op("LogSoftmax", [y], axis=1), c.op("LogSoftmax", [y]), c.op("Hardmax", [rounded], axis=-2),
                c.op("Hardmax", [y], axis=0)]

    @case("ew_logsoftmax_hardmax_opset11", {"x": [2, 3, 4]}, opset=11)
    def _(c):   # before opset 13: coerced to 2-D at axis, one row per leading index
        y = scaled(c, "x", 10.0)
        return [c.op("LogSoftmax", [y]), c.op("LogSoftmax", [y], axis=-1), c.op("Hardmax", [y]),
                c.op("Hardmax", [y], axis=0)]
