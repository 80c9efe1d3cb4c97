import Strata

extension ONNXOps {
    /// LSTM, GRU.
    static let recurrentForms: [String: [Form]] = [:]
}
