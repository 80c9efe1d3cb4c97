// The Winograd F(4x4,3x3) output transform with AVX2 and FMA, on 8 tiles per register: the
// same loop as Strata's Swift kernel (WinogradOutput.swift; matrices in WinogradVariant.swift,
// after Lavin & Gray 2015, "Fast Algorithms for Convolutional Neural Networks"). Measured
// 1.6-2.4x faster than the Swift kernel (SSE2) on the ResNet-18 and VGG-16 layers
// (`engine-bench winograd-transforms`); the other transforms won less than 1.3x and stay
// in Swift only. Call it only when strata_cpu_has_avx2_fma() is true.
//
// One run of tiles tw in [first, end) of a tile row, one output channel, bias added:
//   mm:      M of tile `first` at point 0; point p of tile tw at mm[p*point_stride + tw - first].
//            Reads up to 7 tiles past `end`.
//   staging: [4, staging_stride]; pixel (i, j) of tile tw goes to
//            staging[i*staging_stride + (tw - first)*4 + j]. Writes up to 7 tiles past `end`.
#ifndef STRATA_WINOGRAD_H
#define STRATA_WINOGRAD_H

// Internal to Strata: hidden, so a shared library built from Strata (libstrata.so, the C
// API) exports only the functions strata.h declares.
#pragma GCC visibility push(hidden)

#ifdef __cplusplus
extern "C" {
#endif

void strata_winograd_f4x4_output_avx2(const float *mm, long point_stride, long first, long end, float bias,
                                      float *staging, long staging_stride);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif
