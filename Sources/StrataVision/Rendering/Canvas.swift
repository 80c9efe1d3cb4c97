import CCairo
import Foundation
import Strata

/// An RGB colour, 8 bits per channel.
struct RGB: Equatable {
    var r: UInt8, g: UInt8, b: UInt8

    init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { (self.r, self.g, self.b) = (r, g, b) }
    init(_ c: (UInt8, UInt8, UInt8)) { (r, g, b) = c }

    static let white = RGB(255, 255, 255)
    static let ink = RGB(20, 20, 20)
}

/// A cairo image surface (`CAIRO_FORMAT_RGB24`) with its drawing context: cairo draws the
/// text (toy font API, "DejaVu Sans" through fontconfig), lines and fills; map pixels are
/// written straight into the surface so their colours are exact (no antialiasing, no
/// colour management), and ``image()`` copies the result out as an RGB ``Image``.
final class Canvas {
    let width: Int
    let height: Int
    private let surface: OpaquePointer
    private let context: OpaquePointer

    /// The largest side cairo's image surfaces accept (pixman's limit).
    static let maximumSide = 32767

    /// A white canvas. The caller checks the size against its own budget first; this only
    /// guards cairo's limits and reports a failed allocation as an error.
    init(width: Int, height: Int) throws {
        guard (1...Canvas.maximumSide).contains(width), (1...Canvas.maximumSide).contains(height) else {
            throw StrataError.invalidArgument(
                "a picture of \(width)x\(height) pixels; expected sides between 1 and \(Canvas.maximumSide) (cairo's limit)")
        }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw StrataError.invalidArgument("cannot create a \(width)x\(height) picture: cairo says \(reason)")
        }
        self.surface = surface
        context = cairo_create(surface)!
        (self.width, self.height) = (width, height)
        fill(x: 0, y: 0, width: Double(width), height: Double(height), color: .white)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    func fill(x: Double, y: Double, width: Double, height: Double, color: RGB) {
        setColor(color)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    func line(from start: (Double, Double), to end: (Double, Double), color: RGB, width: Double = 1) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.0, start.1)
        cairo_line_to(context, end.0, end.1)
        cairo_stroke(context)
    }

    /// A polyline through `points` (at least two), in one stroke so joins are clean.
    func polyline(_ points: [(Double, Double)], color: RGB, width: Double = 1.5) {
        guard points.count >= 2 else { return }
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_move_to(context, points[0].0, points[0].1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
        cairo_stroke(context)
    }

    /// A filled disc: a plotted point (visible even when a series has one point).
    func disc(x: Double, y: Double, radius: Double, color: RGB) {
        setColor(color)
        cairo_new_sub_path(context)
        cairo_arc(context, x, y, radius, 0, 2 * Double.pi)
        cairo_fill(context)
    }

    /// Grey diagonal stripes over a light grey box: the mark of a channel with nothing to
    /// colour (all zero or constant). Only grey levels, so it never looks like viridis.
    func hatch(x: Double, y: Double, width: Double, height: Double) {
        fill(x: x, y: y, width: width, height: height, color: RGB(214, 214, 214))
        cairo_save(context)
        cairo_rectangle(context, x, y, width, height)
        cairo_clip(context)
        setColor(RGB(170, 170, 170))
        cairo_set_line_width(context, 1.5)
        var offset = -height
        while offset < width {
            cairo_move_to(context, x + offset, y + height)
            cairo_line_to(context, x + offset + height, y)
            offset += 7
        }
        cairo_stroke(context)
        cairo_restore(context)
    }

    enum Alignment { case left, center, right }

    /// Draws `text` with its baseline at `y`; `x` is its left end, centre or right end.
    func text(_ text: String, x: Double, y: Double, size: Double, color: RGB = .ink, bold: Bool = false,
              alignment: Alignment = .left) {
        selectFont(size: size, bold: bold)
        let width = advance(text)
        let left = switch alignment {
        case .left: x
        case .center: x - width / 2
        case .right: x - width
        }
        setColor(color)
        cairo_move_to(context, left, y)
        cairo_show_text(context, text)
    }

    /// The width `text` takes at `size`, in pixels.
    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        selectFont(size: size, bold: bold)
        return advance(text)
    }

    /// `text`, cut and ended with "…" until it fits in `width` pixels.
    func fitted(_ text: String, width: Double, size: Double, bold: Bool = false) -> String {
        guard textWidth(text, size: size, bold: bold) > width else { return text }
        var kept = Substring(text)
        while !kept.isEmpty && textWidth(kept + "…", size: size, bold: bold) > width { kept = kept.dropLast() }
        return kept + "…"
    }

    /// Writes `rgb` (`rows * columns * 3` bytes, row by row) at (`x`, `y`), clipped to the
    /// canvas, bypassing cairo so every byte lands unchanged.
    func blit(_ rgb: [UInt8], columns: Int, rows: Int, x: Int, y: Int) {
        precondition(rgb.count == rows * columns * 3, "blit of \(rgb.count) bytes for \(columns)x\(rows)")
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = cairo_image_surface_get_data(surface)!.withMemoryRebound(to: UInt32.self, capacity: stride * height) { $0 }
        for row in max(0, -y)..<min(rows, height - y) {
            for column in max(0, -x)..<min(columns, width - x) {
                let source = (row * columns + column) * 3
                // RGB24: one native-endian 32-bit word per pixel, 0x00RRGGBB.
                data[(y + row) * stride + x + column] =
                    UInt32(rgb[source]) << 16 | UInt32(rgb[source + 1]) << 8 | UInt32(rgb[source + 2])
            }
        }
        cairo_surface_mark_dirty(surface)
    }

    /// The canvas as an 8-bit RGB ``Image``.
    func image() throws -> Image {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = cairo_image_surface_get_data(surface)!.withMemoryRebound(to: UInt32.self, capacity: stride * height) { $0 }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let word = data[y * stride + x], offset = (y * width + x) * 3
                pixels[offset] = UInt8(truncatingIfNeeded: word >> 16)
                pixels[offset + 1] = UInt8(truncatingIfNeeded: word >> 8)
                pixels[offset + 2] = UInt8(truncatingIfNeeded: word)
            }
        }
        return try Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    private func setColor(_ color: RGB) {
        cairo_set_source_rgb(context, Double(color.r) / 255, Double(color.g) / 255, Double(color.b) / 255)
    }

    private func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    private func advance(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }
}
