import CStrataAPI
import Strata

/// A C array of `strata_input`, checked against the model's inputs: each input named once
/// (a NULL name only for a one-input model), ranks within STRATA_MAX_RANK, every dimension
/// >= 1 and an element count that fits.
struct InputList {
    struct Input {
        let name: String
        let shape: Shape
        /// The caller's floats; nil only when the caller asked for shapes alone.
        let data: UnsafePointer<Float>?
    }

    let inputs: [Input]

    /// Throws ``CAPIError`` naming the input at fault; `needsData` refuses a NULL `data`.
    init(_ model: Model, _ pointer: UnsafePointer<strata_input>?, _ count: Int, needsData: Bool) throws {
        let expected = model.inputs.map(\.name)
        let list = expected.map { "'\($0)'" }.joined(separator: ", ")
        guard count == expected.count else {
            throw CAPIError.invalidArgument(
                "n_inputs is \(UInt(bitPattern: count)); the model has \(expected.count) input\(expected.count == 1 ? "" : "s"): \(list)")
        }
        guard let pointer else {
            if count == 0 { inputs = []; return }
            throw CAPIError.nullPointer("inputs is NULL")
        }
        var inputs: [Input] = []
        for position in 0..<count {
            let input = pointer[position]
            let name: String
            if let cName = input.name {
                name = String(cString: cName)
            } else if expected.count == 1 {
                name = expected[0]
            } else {
                throw CAPIError.nullPointer("inputs[\(position)].name is NULL; a model with several inputs needs each named: \(list)")
            }
            guard expected.contains(name) else {
                throw CAPIError.invalidArgument("inputs[\(position)] names '\(name)', which is not an input of the model; its inputs are \(list)")
            }
            guard !inputs.contains(where: { $0.name == name }) else { throw CAPIError.invalidArgument("input '\(name)' is given twice") }
            let rank = UInt(bitPattern: input.rank)
            guard rank <= UInt(STRATA_MAX_RANK) else {
                throw CAPIError.invalidArgument("input '\(name)' has rank \(rank); at most STRATA_MAX_RANK (\(STRATA_MAX_RANK))")
            }
            var dimensions: [Int] = []
            if rank > 0 {
                guard let shape = input.shape else { throw CAPIError.nullPointer("input '\(name)': shape is NULL with rank \(rank)") }
                dimensions = (0..<Int(rank)).map { Int(shape[$0]) }
            }
            var elements = 1
            for size in dimensions {
                guard size >= 1 else {
                    throw CAPIError.shape("input '\(name)' has shape \(dimensions); every dimension must be >= 1")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: size)
                guard !overflow else { throw CAPIError.shape("input '\(name)': the element count of \(dimensions) overflows") }
                elements = product
            }
            if needsData, input.data == nil { throw CAPIError.nullPointer("input '\(name)': data is NULL") }
            inputs.append(Input(name: name, shape: try Shape(dimensions), data: input.data))
        }
        self.inputs = inputs
    }
}
