// Direct depthwise convolution of one channel plane (NCHW) as an AVX2/FMA kernel.
// Strata's Swift driver (Ops/Convolution/DepthwiseConv.swift) first copies the input plane
// into a zero-padded one whose rows are split into `stride` phases (columns 0, S, 2S, ...,
// then 1, S+1, ...; DepthwisePaddedPlane.swift), so that output column ow's tap c is
// input column ow + column_offsets[c] at every stride and dilation. It then calls this (or
// the Swift kernel with the same contract, DepthwiseKernel+Swift.swift) for bands of
// output rows:
//
//     out[oh·out_width + ow] = min(max(bias + Σ_r Σ_c taps[r·KW + c]
//             · input[(oh·SH + r·DH)·row_stride + column_offsets[c] + ow], low), high)
//
// for oh in [row_begin, row_end), ow in [0, out_width). Every read lies inside the plane
// (the padding is in it), so there are no bounds checks and no border code, and every
// load is unit-stride: each row is blocks of 8 outputs (4 for rows narrower than 8, one at
// a time below 4), the last block overlapping the one before it instead of running a
// tail. A block sums every tap in one register and is stored once, the bias and the
// clamp (ReLU: 0, +inf; ReLU6: 0, 6; none: -inf, +inf) applied on the way out.
#ifndef STRATA_DEPTHWISE_H
#define STRATA_DEPTHWISE_H
#include <stddef.h>

// Internal to Strata: hidden, so a shared library built from Strata (libstrata.so, the C
// API) exports only the functions strata.h declares.
#pragma GCC visibility push(hidden)


#ifdef __cplusplus
extern "C" {
#endif

/// One output channel plane, or a band of its rows.
typedef struct strata_depthwise_plane {
    const float *input;               // the prepared input plane, row_stride floats per row
    const ptrdiff_t *column_offsets;  // [kernel_width] input column of tap c for output column 0
    const float *taps;                // [kernel_height, kernel_width] this channel's weights
    float *output;                    // [out_height, out_width], row 0 at output
    ptrdiff_t row_stride;             // floats from one input row to the next
    ptrdiff_t out_width;
    ptrdiff_t row_begin, row_end;     // the output rows to compute
    float bias;
    float low, high;                  // the fused clamp
    int kernel_height, kernel_width;
    int stride_height, dilation_height;
} strata_depthwise_plane;

/// Computes `plane`'s rows [row_begin, row_end) with AVX2/FMA. Call only when
/// strata_cpu_has_avx2_fma() is true.
void strata_depthwise_avx2(const strata_depthwise_plane *plane);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif
