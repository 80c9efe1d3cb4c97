import Foundation

extension Reference {
    /// ONNX LSTM (gates i, o, f, c; peepholes i, o, f) or GRU (gates z, r, h) written out
    /// from the operator spec's equations, element by element in Double, layout 0 tensors:
    /// X [seq, batch, input], W [dirs, G·H, input], R [dirs, G·H, H], B [dirs, 2·G·H],
    /// P [dirs, 3·H], initial states [dirs, batch, H]. `activations` gives each direction's
    /// f, g(, h) as functions. Returns (Y [seq, dirs, batch, H], Y_h, Y_c [dirs, batch, H]);
    /// steps past an item's length are 0 in Y.
    public static func recurrent(
        lstm: Bool, x: [Float], sequence: Int, batch: Int, input: Int, hidden: Int, directions: Int, reverseOnly: Bool,
        w: [Float], r: [Float], b: [Float], p: [Float], initialH: [Float]?, initialC: [Float]?, lengths: [Int]?,
        activations: [(Double) -> Double], clip: Double?, inputForget: Bool, linearBeforeReset: Bool
    ) -> (y: [Float], h: [Float], c: [Float]) {
        let gates = lstm ? 4 : 3, perDirection = lstm ? 3 : 2
        var y = [Float](repeating: 0, count: sequence * directions * batch * hidden)
        var yh = [Float](repeating: 0, count: directions * batch * hidden), yc = yh
        func clipped(_ v: Double) -> Double { clip.map { min(max(v, -$0), $0) } ?? v }
        for d in 0..<directions {
            let reverse = reverseOnly || d == 1
            let f = activations[d * perDirection], g = activations[d * perDirection + 1]
            let hAct = lstm ? activations[d * perDirection + 2] : g
            // Gate q's pre-activation from input row x_t and state h: W_q x + R_q h + Wb_q + Rb_q.
            func wx(_ q: Int, _ j: Int, _ t: Int, _ item: Int) -> Double {
                var s = Double(b[(d * 2 * gates + q) * hidden + j])
                for i in 0..<input { s += Double(w[((d * gates + q) * hidden + j) * input + i]) * Double(x[(t * batch + item) * input + i]) }
                return s
            }
            func rh(_ q: Int, _ j: Int, _ state: [Double]) -> Double {
                var s = Double(b[(d * 2 * gates + gates + q) * hidden + j])
                for i in 0..<hidden { s += Double(r[((d * gates + q) * hidden + j) * hidden + i]) * state[i] }
                return s
            }
            for item in 0..<batch {
                var h = (0..<hidden).map { Double(initialH?[(d * batch + item) * hidden + $0] ?? 0) }
                var c = (0..<hidden).map { Double(initialC?[(d * batch + item) * hidden + $0] ?? 0) }
                let length = lengths?[item] ?? sequence
                for step in 0..<length {
                    let t = reverse ? length - 1 - step : step
                    var next = h
                    if lstm {
                        for j in 0..<hidden {
                            let pi = Double(p[d * 3 * hidden + j]), po = Double(p[d * 3 * hidden + hidden + j])
                            let pf = Double(p[d * 3 * hidden + 2 * hidden + j])
                            let it = f(clipped(wx(0, j, t, item) + rh(0, j, h) + pi * c[j]))
                            let ft = inputForget ? 1 - it : f(clipped(wx(2, j, t, item) + rh(2, j, h) + pf * c[j]))
                            let ct = g(clipped(wx(3, j, t, item) + rh(3, j, h)))
                            c[j] = ft * c[j] + it * ct
                            let ot = f(clipped(wx(1, j, t, item) + rh(1, j, h) + po * c[j]))
                            next[j] = ot * hAct(c[j])
                        }
                    } else {
                        let z = (0..<hidden).map { f(clipped(wx(0, $0, t, item) + rh(0, $0, h))) }
                        let rt = (0..<hidden).map { f(clipped(wx(1, $0, t, item) + rh(1, $0, h))) }
                        for j in 0..<hidden {
                            let candidate: Double
                            if linearBeforeReset {
                                candidate = g(clipped(wx(2, j, t, item) + rt[j] * rh(2, j, h)))
                            } else {
                                let resetState = (0..<hidden).map { rt[$0] * h[$0] }
                                candidate = g(clipped(wx(2, j, t, item) + rh(2, j, resetState)))
                            }
                            next[j] = (1 - z[j]) * candidate + z[j] * h[j]
                        }
                    }
                    h = next
                    for j in 0..<hidden { y[((t * directions + d) * batch + item) * hidden + j] = Float(h[j]) }
                }
                for j in 0..<hidden {
                    yh[(d * batch + item) * hidden + j] = Float(h[j])
                    yc[(d * batch + item) * hidden + j] = Float(c[j])
                }
            }
        }
        return (y, yh, yc)
    }
}
