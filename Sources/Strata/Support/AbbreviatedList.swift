/// `items` joined by `separator`, the first `limit` of them, then how many were left out:
/// an error about a hostile 100,000-node file names a few nodes, not 3.6 MB of them.
public func abbreviatedList(_ items: [String], separator: String, limit: Int = 20) -> String {
    guard items.count > limit else { return items.joined(separator: separator) }
    return items.prefix(limit).joined(separator: separator) + separator + "and \(items.count - limit) more"
}
