/// Products and sums that stop at `Int.max` instead of trapping: for counts that describe a
/// graph rather than allocate it (multiply-adds in a summary), where a model at absurd sizes
/// must still be described, not crash the process.
extension Int {
    /// The product of `factors` (each >= 0), or `Int.max` if it overflows.
    static func saturatingProduct(_ factors: Int...) -> Int {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return .max }
            product = next
        }
        return product
    }

    /// `self + other` (both >= 0), or `Int.max` if it overflows.
    func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
