"""The machinery behind Scripts/make-onnx-cases: building a case's graph, running
onnxruntime on its test sets, and writing the fixture files. A developer tool (Python with
onnx, onnxruntime and numpy); the Swift tests never run it.

A case has named float32 inputs whose dimensions are sizes or symbols (`dim_param`
names, e.g. `[1, 3, "height", "width"]`), one or more named outputs, and one or more test
sets, each binding every symbol to a size. `record` runs onnxruntime (CPU, 1 thread, graph
optimizations disabled) on seeded uniform(-1, 1) inputs for every set and writes

    NAME.onnx          the model: symbolic input dims stay symbolic; an output dim that
                       differs between sets is symbolic too
    NAME.safetensors   float32 tensors `input:X` per graph input X and `expected:Y` per
                       graph output Y (integer and bool outputs, e.g. a Shape, as float32
                       values), each prefixed `SET/` when the case has several sets; the
                       oldest cases (one input `x`, one output, one set) keep the plain
                       keys `input` and `expected`
"""

import json
import os
import struct

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper


def write_safetensors(path, tensors, metadata):
    """Float32 tensors and string metadata (the writer of Scripts/make-golden)."""
    names = sorted(tensors, key=lambda n: n.encode("utf-8"))
    header = {"__metadata__": dict(sorted(metadata.items()))}
    blobs, offset = [], 0
    for name in names:
        blob = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class Case:
    """A graph under construction: nodes, seeded initializers, named inputs.

    `inputs` maps each graph input's name to its dims (ints, or strings for symbolic dims).
    """

    def __init__(self, name, inputs, opset=17):
        self.name, self.inputs, self.opset = name, inputs, opset
        self.rng = np.random.default_rng(sum(map(ord, name)))   # stable across runs
        self.nodes, self.initializers, self.count = [], [], 0

    def const(self, array, name=None, dtype=np.float32):
        name = name or f"c{len(self.initializers)}"
        array = np.asarray(array, dtype=dtype)
        tensor = numpy_helper.from_array(array, name)
        if dtype == np.float32 and len(self.initializers) % 2 == 1:   # float_data, not raw_data
            tensor = helper.make_tensor(name, TensorProto.FLOAT, array.shape, array.flatten().tolist())
        self.initializers.append(tensor)
        return name

    def ints(self, *values):
        """A 1-D INT64 constant (shapes, axes, pads)."""
        return self.const(list(values), dtype=np.int64)

    def weight(self, *shape, scale=0.5):
        return self.const(self.rng.uniform(-scale, scale, size=shape).astype(np.float32))

    def op(self, op_type, inputs, output=None, **attributes):
        """Adds a node; returns its output name: `output`, or one made from the op type. A
        list `output` names several outputs (Dropout's mask) and returns the list."""
        self.count += 1
        names = output if isinstance(output, list) else [output or f"{op_type.lower()}{self.count}"]
        self.nodes.append(helper.make_node(op_type, inputs, names, name=f"{op_type}_{self.count}", **attributes))
        return names if isinstance(output, list) else names[0]

    def model(self, outputs):
        """The model with `outputs`: (name, element type or None for untyped, dims or None)."""
        graph = helper.make_graph(
            self.nodes, self.name,
            [helper.make_tensor_value_info(name, TensorProto.FLOAT, dims) for name, dims in self.inputs.items()],
            [helper.make_tensor_value_info(name, elem_type, dims) if elem_type else onnx.ValueInfoProto(name=name)
             for name, elem_type, dims in outputs],
            self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)])
        model.ir_version = 8
        return model


def conv(c, x, cin, cout, k, group=1, bias=True, **attributes):
    """A Conv node with seeded weights; `k` is an int (square), or a tuple of kernel sizes
    (one per spatial axis: (3,) for 1-D)."""
    kernel = (k, k) if isinstance(k, int) else tuple(k)
    inputs = [x, c.weight(cout, cin // group, *kernel)] + ([c.weight(cout)] if bias else [])
    return c.op("Conv", inputs, group=group, **attributes)


def session(model, optimize=False, threads=1):
    """An onnxruntime CPU session: graph optimizations disabled unless `optimize`."""
    options = ort.SessionOptions()
    options.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_ENABLE_ALL if optimize
                                        else ort.GraphOptimizationLevel.ORT_DISABLE_ALL)
    options.intra_op_num_threads = threads
    options.log_severity_level = 3   # quiet: the ceil_mode cases differ from ONNX shape inference on purpose
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def output_types(model, names):
    """Each output's element type, from ONNX shape inference (FLOAT where it gives none)."""
    inferred = onnx.shape_inference.infer_shapes(model)
    found = {o.name: o.type.tensor_type.elem_type for o in inferred.graph.output}
    return {name: found.get(name) or TensorProto.FLOAT for name in names}


def output_dims(name, results, bindings, symbols):
    """An output's dims for the saved model: a size where every set gives the same; else
    the input symbol whose size it equals in every set, or a new symbol `NAME_dAXIS`
    (`symbols` maps sizes per set to the new symbols already made, so outputs that vary
    alike share one)."""
    ranks = {len(r.shape) for r in results}
    if len(ranks) != 1:
        raise ValueError(f"output {name} has ranks {sorted(ranks)} in different sets")
    dims = []
    for axis in range(ranks.pop()):
        sizes = tuple(r.shape[axis] for r in results)
        if len(set(sizes)) == 1:
            dims.append(sizes[0])
            continue
        known = [s for s in bindings[0] if all(b[s] == size for b, size in zip(bindings, sizes))]
        dims.append(known[0] if known else symbols.setdefault(sizes, f"{name}_d{axis}"))
    return dims


def input_shape(dims, binding):
    return [binding[d] if isinstance(d, str) else d for d in dims]


def record(name, inputs, opset, sets, build, fixtures, legacy=False):
    """Builds the case, runs onnxruntime on every set and writes NAME.onnx and
    NAME.safetensors in `fixtures`. `sets` maps a set name to its symbol sizes; `legacy`
    writes the oldest format (keys `input`, `expected`)."""
    c = Case(name, inputs, opset)
    built = build(c)
    outputs = [built] if isinstance(built, str) else list(built)
    types = output_types(c.model([(o, None, None) for o in outputs]), outputs)
    runner = session(c.model([(o, types[o], None) for o in outputs]))
    rng = np.random.default_rng(7)
    feeds, results = {}, {}
    for set_name, binding in sets.items():
        feeds[set_name] = {i: rng.uniform(-1, 1, size=input_shape(dims, binding)).astype(np.float32)
                           for i, dims in inputs.items()}
        results[set_name] = dict(zip(outputs, runner.run(outputs, feeds[set_name])))
    bindings = list(sets.values())
    # The outputs' shapes come from onnxruntime; the model is then rebuilt with them and checked.
    symbols = {}
    model = c.model([(o, types[o], output_dims(o, [results[s][o] for s in sets], bindings, symbols)) for o in outputs])
    onnx.checker.check_model(model)   # not full_check: ONNX shape inference keeps the ceil_mode
    # window that starts in the end padding; onnxruntime (and Strata) drop it

    tensors = {}
    for set_name in sets:
        prefix = f"{set_name}/" if len(sets) > 1 else ""
        for i, x in feeds[set_name].items():
            tensors["input" if legacy else f"{prefix}input:{i}"] = x
        for o, y in results[set_name].items():
            tensors["expected" if legacy else f"{prefix}expected:{o}"] = np.asarray(y).astype(np.float32)
    metadata = {"case": name, "opset": str(opset), "onnxruntime": ort.__version__, "onnx": onnx.__version__}
    if len(sets) > 1:
        metadata["sets"] = ",".join(sets)
    onnx.save(model, os.path.join(fixtures, f"{name}.onnx"))
    write_safetensors(os.path.join(fixtures, f"{name}.safetensors"), tensors, metadata)
    for set_name in sets:
        shapes = lambda d: ", ".join(f"{k} {list(v.shape)}" for k, v in d.items())
        label = f"{name} {set_name}" if len(sets) > 1 else name
        print(f"{label}: {shapes(feeds[set_name])} -> {shapes(results[set_name])}")
