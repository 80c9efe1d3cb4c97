// Direct depthwise convolution of one channel plane (NCHW) as an AVX2/FMA kernel.
// Strata's Swift driver (Ops/Convolution/DepthwiseConv.swift) copies the input plane into
// a zero-padded one when the convolution pads, and calls this (or the Swift kernel with
// the same contract, DepthwiseKernel+Swift.swift) for bands of output rows:
//
//     out[oh·W_out + ow] = min(max(bias + Σ_r Σ_c taps[r·KW + c]
//                                   · input[(oh·SH + r·DH)·row_stride + ow·SW + c·DW], low), high)
//
// for oh in [row_begin, row_end), ow in [0, out_width). Every read lies inside the plane
// (padding is already in it), so there are no bounds checks and no border code: each row
// is blocks of 8 outputs (4 for rows narrower than 8, one at a time below 4), the last
// block overlapping the one before it instead of running a tail. A block accumulates every
// tap in one register and is stored once, bias and clamp (ReLU: 0, +inf; Clip; none:
// -inf, +inf) applied on the way out.
#ifndef STRATA_DEPTHWISE_H
#define STRATA_DEPTHWISE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One output channel plane, or a band of its rows.
typedef struct strata_depthwise_plane {
    const float *input;            // the (padded) input plane, row_stride floats per row
    const float *taps;             // [kernel_height, kernel_width] this channel's weights
    float *output;                 // [out_height, out_width], row 0 at output
    ptrdiff_t row_stride;          // floats from one input row to the next
    ptrdiff_t out_width;
    ptrdiff_t row_begin, row_end;  // the output rows to compute
    float bias;
    float low, high;               // the fused clamp
    int kernel_height, kernel_width;
    int stride_height, stride_width;
    int dilation_height, dilation_width;
} strata_depthwise_plane;

/// Computes `plane`'s rows [row_begin, row_end) with AVX2/FMA. Call only when
/// strata_cpu_has_avx2_fma() is true.
void strata_depthwise_avx2(const strata_depthwise_plane *plane);

#ifdef __cplusplus
}
#endif

#endif
