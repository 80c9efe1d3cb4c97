"""What Scripts/onnx-backend-light and Scripts/onnx-backend-tests share: where ONNX's backend
test data and the `strata` binary are, building strata, running it on a model, reading its
output files, onnxruntime sessions, and reading Strata's import errors. A developer tool
(Python with onnx, onnxruntime and numpy); the Swift tests never run it.
"""

import os
import subprocess

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATA = os.path.join(ROOT, ".build", "release", "strata")
DATA = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")
LIGHT = os.path.join(DATA, "light")


def build_strata():
    """`swift build -c release --product strata` in the repository (its output hidden)."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "strata"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def light_model_names():
    """The nets in `light/` (`light_NAME.onnx`), sorted."""
    return sorted(f[len("light_"):-len(".onnx")] for f in os.listdir(LIGHT)
                  if f.startswith("light_") and f.endswith(".onnx"))


def with_logits(model):
    """The model with the logits as an extra graph output; returns it and the logits' name.
    The logits are the input of a final Softmax, or the graph output itself when there is none."""
    producers = {output: node for node in model.graph.node for output in node.output}
    final = model.graph.output[0].name
    node = producers.get(final)
    if node is None or node.op_type != "Softmax":
        return model, final
    logits = node.input[0]
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    copy.graph.output.append(helper.make_tensor_value_info(logits, TensorProto.FLOAT, None))
    return copy, logits


def runtime_inputs(model):
    """The graph inputs that are not initializers (IR 3 lists the weights as inputs too)."""
    initializers = {i.name for i in model.graph.initializer}
    return [i for i in model.graph.input if i.name not in initializers]


def graph_input(model):
    """The one graph input that is not an initializer: its name and dims (symbolic dims as 1)."""
    inputs = runtime_inputs(model)
    if len(inputs) != 1:
        raise RuntimeError(f"expected one graph input, found {[i.name for i in inputs]}")
    dims = [d.dim_value if d.HasField("dim_value") else 1 for d in inputs[0].type.tensor_type.shape.dim]
    return inputs[0].name, dims


def file_name(tensor):
    """The file `strata run --output-dir` writes for a graph output (InputFile.fileName)."""
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in tensor) + ".npy"


def onnxruntime_session(model, threads=1, log_severity=3):
    """A CPU session with all graph optimizations on `threads` threads; `model` is a path or
    the serialized bytes. Severity 3 (errors only) hides the warnings about unused
    initializers; 4 hides the errors too (for callers that catch them)."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = log_severity
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def run_strata(model_path, inputs, out_dir, threads=1, timeout=1800, strata=STRATA):
    """`strata run MODEL --input NAME=FILE ... --output-dir DIR`; `inputs` maps input names to
    .npy paths, `strata` is the binary. Returns the CompletedProcess (returncode None when it
    timed out)."""
    command = [strata, "run", model_path, "--output-dir", out_dir, "--threads", str(threads), "--overwrite"]
    for name, path in inputs.items():
        command += ["--input", f"{name}={path}"]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        return subprocess.CompletedProcess(command, None, error.stdout or "", f"timed out after {timeout} s")


def read_strata_output(out_dir, name):
    """The array strata wrote for graph output `name`, or None when it wrote no file."""
    path = os.path.join(out_dir, file_name(name))
    return np.load(path) if os.path.exists(path) else None


def relative_error(actual, expected):
    """||actual - expected|| / ||expected|| (Frobenius, in float64); the plain norm when expected is 0."""
    a, b = actual.astype(np.float64), expected.astype(np.float64)
    norm = np.linalg.norm(b)
    difference = np.linalg.norm(a - b)
    return difference / norm if norm > 0 else difference


def node_problems(text):
    """The importer's lines "node 'NAME' (OP, opset N): reason" (or "(OP): reason") as
    (OP, line), in order."""
    problems = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("node '") and "' (" in line and "):" in line:
            problems.append((line.split("' (", 1)[1].split("):", 1)[0].split(", opset ", 1)[0], line))
    return problems


def strata_message(text, count=6):
    """Strata's error, shortened: the first line, then the importer's node problems counted
    by op with the first of each, or else the first `count` lines."""
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    by_op = {}
    for op, line in node_problems(text):
        by_op.setdefault(op, []).append(line)
    if by_op:
        summary = ", ".join(f"{op} {len(nodes)}" for op, nodes in by_op.items())
        shown = [lines[0], f"  by op: {summary}"] + [f"  {nodes[0]}" for nodes in by_op.values()]
    else:
        shown = lines[:count] + ([f"... ({len(lines) - count} more lines)"] if len(lines) > count else [])
    return "\n".join("      " + line for line in shown)
