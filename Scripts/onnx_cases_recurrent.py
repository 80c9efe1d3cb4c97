"""Conformance cases for LSTM and GRU (registered by Scripts/make-onnx-cases)."""

import numpy as np


def register(case, conv):
    H = 5

    def used(names):
        """The outputs a node produces (an empty name skips an optional output)."""
        names = [n for n in names if n]
        return names[0] if len(names) == 1 else names

    def lstm(c, x, input_size, hidden=H, dirs=1, outputs=("y",), bias=True, peepholes=False, initial=False,
             lengths=None, batch=None, **attributes):
        inputs = [x, c.weight(dirs, 4 * hidden, input_size), c.weight(dirs, 4 * hidden, hidden),
                  c.weight(dirs, 8 * hidden) if bias else ""]
        inputs.append(c.const(lengths, dtype=np.int32) if lengths is not None else "")
        inputs += [c.weight(dirs, batch, hidden), c.weight(dirs, batch, hidden)] if initial else ["", ""]
        if peepholes:
            inputs.append(c.weight(dirs, 3 * hidden))
        while inputs and inputs[-1] == "":
            inputs.pop()
        return used(c.op("LSTM", inputs, output=list(outputs), hidden_size=hidden, **attributes))

    def gru(c, x, input_size, hidden=H, dirs=1, outputs=("y",), lengths=None, initial=False, batch=None, **attributes):
        inputs = [x, c.weight(dirs, 3 * hidden, input_size), c.weight(dirs, 3 * hidden, hidden), c.weight(dirs, 6 * hidden),
                  c.const(lengths, dtype=np.int32) if lengths is not None else "",
                  c.weight(dirs, batch, hidden) if initial else ""]
        while inputs[-1] == "":
            inputs.pop()
        return used(c.op("GRU", inputs, output=list(outputs), hidden_size=hidden, **attributes))

    @case("lstm_forward", {"x": [6, 2, 4]}, opset=13)
    def _(c): return lstm(c, "x", 4)

    @case("lstm_bidirectional_states_lengths", {"x": [6, 3, 4]}, opset=13)
    def _(c): return lstm(c, "x", 4, dirs=2, outputs=("y", "y_h", "y_c"), initial=True, batch=3, lengths=[6, 3, 1],
                          direction="bidirectional")

    @case("lstm_reverse_peepholes_clip", {"x": [5, 2, 3]}, opset=13)
    def _(c): return lstm(c, "x", 3, outputs=("", "y_h"), peepholes=True, direction="reverse", clip=0.7)

    # onnxruntime 1.32 refuses layout 1 ("Batchwise recurrent operations are not supported"):
    # Strata's layout-1 path is checked against the Double reference in RecurrentTests.
    @case("lstm_input_forget_activations", {"x": [6, 2, 4]}, opset=14)
    def _(c): return lstm(c, "x", 4, outputs=("y", "y_h"), input_forget=1,
                          activations=["HardSigmoid", "Tanh", "Softsign"], activation_alpha=[0.3], activation_beta=[0.4])

    @case("gru_forward", {"x": [6, 2, 4]}, opset=13)
    def _(c): return gru(c, "x", 4, outputs=("y", "y_h"))

    @case("gru_bidirectional_linear_before_reset", {"x": [5, 3, 4]}, opset=13)
    def _(c): return gru(c, "x", 4, dirs=2, outputs=("y", "y_h"), direction="bidirectional", linear_before_reset=1,
                         initial=True, batch=3, lengths=[5, 2, 4])

    @case("gru_reverse", {"x": [4, 3, 2]}, opset=14)
    def _(c): return gru(c, "x", 2, outputs=("y",), direction="reverse")

    @case("crnn_bilstm_head", {"x": [1, 3, 8, "width"]}, opset=13,
          sets={"w24": dict(width=24), "w40": dict(width=40)})
    def _(c):
        # A CRNN recognizer's head: conv features → [W, N, C·H] → BiLSTM → per-step logits.
        f = c.op("Relu", [conv(c, "x", 3, 4, 3, pads=[1, 1, 1, 1], strides=[2, 1])])          # [1, 4, 4, W]
        seq = c.op("Transpose", [c.op("Reshape", [f, c.ints(1, 16, -1)])], perm=[2, 0, 1])     # [W, 1, 16]
        y = lstm(c, seq, 16, hidden=6, dirs=2, direction="bidirectional")                      # [W, 2, 1, 6]
        steps = c.op("Reshape", [c.op("Transpose", [y], perm=[0, 2, 1, 3]), c.ints(0, 0, 12)])  # [W, 1, 12]
        return c.op("MatMul", [steps, c.weight(12, 7)], output="logits")
