import Strata
import Dispatch
import Foundation

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count/2] }
let shapes = [(64,12544,147),(64,3136,576),(128,784,576),(128,784,1152),(128,784,64),(256,196,1152),(256,196,2304),(256,196,128),(512,49,2304),(512,49,4608),(512,49,256)]
for (m,n,k) in shapes {
  let A = UnsafeMutableBufferPointer<Float>.allocate(capacity: m*k); A.initialize(repeating: 0.5)
  let B = UnsafeMutableBufferPointer<Float>.allocate(capacity: n*k); B.initialize(repeating: 0.5)
  let C = UnsafeMutableBufferPointer<Float>.allocate(capacity: m*n); C.initialize(repeating: 0.5)
  let ai = Int(bitPattern: A.baseAddress!), bi = Int(bitPattern: B.baseAddress!), ci = Int(bitPattern: C.baseAddress!)
    BLAS.threads = 2
    var t2: [Double] = []
    for _ in 0..<30 { let s = now(); BLAS.rawSgemm(m: m, n: n, k: k, a: UnsafeBufferPointer(A), b: UnsafeBufferPointer(B), c: C); t2.append(now()-s) }
    BLAS.threads = 1
    var t1: [Double] = []
    for _ in 0..<30 { let s = now(); BLAS.rawSgemm(m: m, n: n, k: k, a: UnsafeBufferPointer(A), b: UnsafeBufferPointer(B), c: C); t1.append(now()-s) }
    var ts: [Double] = []
    for _ in 0..<30 { let s = now()
      DispatchQueue.concurrentPerform(iterations: 2) { i in
        let A = UnsafeMutablePointer<Float>(bitPattern: ai)!, B = UnsafeMutablePointer<Float>(bitPattern: bi)!, C = UnsafeMutablePointer<Float>(bitPattern: ci)!
        if n >= m {
          let n0 = (n/2/16)*16*i, n1 = i == 0 ? (n/2/16)*16 : n
          BLAS.probe(m: m, n: n1-n0, k: k, a: A, lda: k, b: B+n0, ldb: n, c: C+n0, ldc: n)
        } else {
          let m0 = m/2*i, m1 = i == 0 ? m/2 : m
          BLAS.probe(m: m1-m0, n: n, k: k, a: A+m0*k, lda: k, b: B, ldb: n, c: C+m0*n, ldc: n)
        }
      }
      ts.append(now()-s) }
    let g = 2.0*Double(m*n*k)/1e6
    print(m,n,k, String(format: "blas2 %.3f (%.0f GF)  blas1 %.3f (%.0f GF)  split2 %.3f (%.0f GF)", median(t2), g/median(t2), median(t1), g/median(t1), median(ts), g/median(ts)))
}
