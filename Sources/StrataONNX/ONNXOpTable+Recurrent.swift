import Strata

extension ONNXOps {
    /// LSTM, GRU.
    static let recurrentForms: [String: [Form]] = [
        "LSTM": [
            Form(since: 7, convert: { try recurrent($0, .lstm) },
                 "directions forward, reverse, bidirectional; activations, alpha/beta, clip, input_forget; sequence_lens, initial states, peepholes; constant weights"),
            Form(since: 14, convert: { try recurrent($0, .lstm) }, "layout"),
        ],
        "GRU": [
            Form(since: 7, convert: { try recurrent($0, .gru) },
                 "directions forward, reverse, bidirectional; activations, alpha/beta, clip, linear_before_reset; sequence_lens, initial state; constant weights"),
            Form(since: 14, convert: { try recurrent($0, .gru) }, "layout"),
        ],
    ]
}
