/// The library's version, the one source of truth (`strata --version` prints it).
///
/// Semantic versioning: the minor number follows the project's issue milestones while the
/// major number is 0 (the public API may still change).
public enum StrataVersion {
    /// `major.minor.patch`, such as `"0.13.0"`.
    public static let current = "0.13.0"
}
