/// The compiled plans of a ``Model``, most recently used last; the least recently used is
/// dropped when a new plan would exceed the capacity. A handful of entries, so a linear
/// scan beats hashing whole shape lists.
struct PlanCache {
    struct Key: Equatable {
        /// One shape per model input, in signature order (nil: not given; never cached).
        var shapes: [Shape?]
        var keeping: Set<String>
        var workers: Int
        /// The plan's context (a cached plan keeps it alive, so the identity is not reused).
        var context: ObjectIdentifier
    }

    var capacity: Int {
        didSet { trim() }
    }
    private var entries: [(key: Key, plan: CompiledGraph)] = []

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { entries.count }

    mutating func plan(for key: Key) -> CompiledGraph? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        entries.append(entry)
        return entry.plan
    }

    mutating func insert(_ plan: CompiledGraph, for key: Key) {
        entries.removeAll { $0.key == key }
        entries.append((key, plan))
        trim()
    }

    private mutating func trim() {
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
