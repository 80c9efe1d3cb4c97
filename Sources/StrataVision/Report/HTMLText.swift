/// Text placed in an HTML page. Every string that comes from a model or the command line
/// (node names, op names, file names) goes through ``escaped(_:)``: ONNX node names are
/// free text, and a node named `<script>` must stay text.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe both
    /// in element content and in quoted attribute values (the five characters OWASP's XSS
    /// prevention cheat sheet lists for HTML contexts).
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
