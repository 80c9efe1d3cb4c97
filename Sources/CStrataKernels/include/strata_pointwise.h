// A 1x1 convolution (NCHW) as one GEMM with its bias and clamp fused, AVX2/FMA:
//
//     output[i·N + j] = min(max(bias[i] + Σ_k weights[i·K + k] · input[k·N + j], low), high)
//
// for rows i in [row_begin, row_end) and columns j in [column_begin, column_end). The
// weights are read as they are, the convolution's own [M, K]; the input is copied, a
// chunk of columns at a time, into `panel` as contiguous [K, 16] tiles (zero past the
// last column), which stay in L2 while every tile of rows passes over them. Tiles of 6
// rows x 16 columns keep 12 accumulators in registers over the whole K loop (two panel
// loads and six weight broadcasts per step) and then add nothing more: the bias is their
// starting value and the clamp is applied before the single store, so the output is
// written once. A last partial tile of rows repeats its last row and stores only the real
// ones; a last partial tile of columns stores only the real columns.
#ifndef STRATA_POINTWISE_H
#define STRATA_POINTWISE_H
#include <stddef.h>

// Internal to Strata: hidden, so a shared library built from Strata (libstrata.so, the C
// API) exports only the functions strata.h declares.
#pragma GCC visibility push(hidden)


#ifdef __cplusplus
extern "C" {
#endif

typedef struct strata_pointwise {
    const float *weights;  // [M, K]
    const float *input;    // [K, N]
    const float *bias;     // [M], or NULL for none
    float *output;         // [M, N]
    ptrdiff_t k, n;
    ptrdiff_t row_begin, row_end;
    ptrdiff_t column_begin, column_end;
    float low, high;                     // the fused clamp (none: -inf, +inf)
    float *panel;                        // scratch of panel_floats >= 16·K floats
    ptrdiff_t panel_floats;
} strata_pointwise;

/// Computes `p`'s block of the output with AVX2/FMA. Call only when
/// strata_cpu_has_avx2_fma() is true.
void strata_pointwise_avx2(const strata_pointwise *p);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif
