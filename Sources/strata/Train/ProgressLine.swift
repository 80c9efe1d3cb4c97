import Foundation
import StrataTraining

/// The live progress line of `strata train` on a terminal: epoch, step, loss, accuracy,
/// images/s and the epoch's time left, rewritten in place at most 4 times a second. When
/// stderr is not a terminal (a log file, CI) nothing is written per step; the epoch
/// summaries on stdout say everything.
final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastDraw = -1.0
    private var drawn = false

    func update(_ p: Trainer.Progress) {
        guard isTerminal, p.seconds - lastDraw >= 0.25 || p.step == p.steps else { return }
        lastDraw = p.seconds
        let left = p.imagesPerSecond > 0 ? Double(p.steps - p.step) * p.seconds / Double(max(p.step, 1)) : 0
        let seconds = Int(min(left, 1e9))
        let line = "epoch \(p.epoch + 1)/\(p.epochs)  step \(p.step)/\(p.steps)  "
            + String(format: "loss %.4f  accuracy %.2f%%  %.0f images/s  ETA ", p.loss, p.accuracy * 100, p.imagesPerSecond)
            + "\(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the line before the epoch's summary is printed.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
        lastDraw = -1
    }
}
