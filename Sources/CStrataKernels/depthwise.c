// AVX2/FMA depthwise convolution of one channel plane: see strata_depthwise.h for the
// contract, and Strata's DepthwiseKernel+Swift.swift for the same loops in Swift.
//
// One generic loop, inlined with constant sizes for 3x3 and 5x5 kernels so the taps are
// unrolled and their broadcast weights are loaded once per call, into registers as far as
// they go. The prepared plane makes every stride and dilation a set of unit-stride loads.
#include "strata_depthwise.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define STRATA_AVX2 __attribute__((target("avx2,fma")))
#define STRATA_INLINE static inline __attribute__((always_inline))

// Taps whose broadcast weights are kept out of the loops: a 5x5 kernel.
#define MAX_HOISTED 25

// Rows of at least `lanes` outputs, blocks of 8 (lanes 8) or of 4 (lanes 4, rows of 4 to 7
// outputs: 7x7 planes) in the low half of a register whose high half is zero.
STRATA_INLINE STRATA_AVX2 __m256 load(const float *p, int lanes) {
    return lanes == 8 ? _mm256_loadu_ps(p) : _mm256_zextps128_ps256(_mm_loadu_ps(p));
}

STRATA_INLINE STRATA_AVX2 void store(float *p, __m256 v, int lanes) {
    if (lanes == 8) {
        _mm256_storeu_ps(p, v);
    } else {
        _mm_storeu_ps(p, _mm256_castps256_ps128(v));
    }
}

STRATA_INLINE STRATA_AVX2 void rows(const strata_depthwise_plane *plane, int height, int width, int lanes) {
    const float *restrict taps = plane->taps;
    const ptrdiff_t *offsets = plane->column_offsets;
    const ptrdiff_t last = plane->out_width - lanes, step = (ptrdiff_t)plane->dilation_height * plane->row_stride;
    const __m256 bias = _mm256_set1_ps(plane->bias);
    const __m256 low = _mm256_set1_ps(plane->low), high = _mm256_set1_ps(plane->high);
    __m256 w[MAX_HOISTED];
    const int hoisted = height * width <= MAX_HOISTED;
    if (hoisted) {
        for (int i = 0; i < height * width; i++) w[i] = _mm256_set1_ps(taps[i]);
    }
    for (ptrdiff_t oh = plane->row_begin; oh < plane->row_end; oh++) {
        const float *in = plane->input + oh * plane->stride_height * plane->row_stride;
        float *restrict out = plane->output + oh * plane->out_width;
        for (ptrdiff_t o = 0;; o = o + lanes < last ? o + lanes : last) {
            __m256 sum = bias;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    const __m256 v = load(in + r * step + offsets[c] + o, lanes);
                    sum = _mm256_fmadd_ps(hoisted ? w[r * width + c] : _mm256_set1_ps(taps[r * width + c]), v, sum);
                }
            }
            // max(low, x), then min(high, x): this operand order keeps NaN, as Clip does.
            store(out + o, _mm256_min_ps(high, _mm256_max_ps(low, sum)), lanes);
            if (o == last) break;
        }
    }
}

// Rows of 1 to 3 outputs, one output at a time.
static void rows1(const strata_depthwise_plane *plane) {
    const int height = plane->kernel_height, width = plane->kernel_width;
    const ptrdiff_t step = (ptrdiff_t)plane->dilation_height * plane->row_stride;
    for (ptrdiff_t oh = plane->row_begin; oh < plane->row_end; oh++) {
        const float *in = plane->input + oh * plane->stride_height * plane->row_stride;
        for (ptrdiff_t o = 0; o < plane->out_width; o++) {
            float sum = plane->bias;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    sum += plane->taps[r * width + c] * in[r * step + plane->column_offsets[c] + o];
                }
            }
            sum = plane->low > sum ? plane->low : sum;
            plane->output[oh * plane->out_width + o] = plane->high < sum ? plane->high : sum;
        }
    }
}

STRATA_INLINE STRATA_AVX2 void shape(const strata_depthwise_plane *plane, int height, int width) {
    if (plane->out_width >= 8) {
        rows(plane, height, width, 8);
    } else {
        rows(plane, height, width, 4);
    }
}

STRATA_AVX2 void strata_depthwise_avx2(const strata_depthwise_plane *plane) {
    if (plane->out_width < 4) return rows1(plane);
    const int height = plane->kernel_height, width = plane->kernel_width;
    if (height == 3 && width == 3) return shape(plane, 3, 3);
    if (height == 5 && width == 5) return shape(plane, 5, 5);
    shape(plane, height, width);
}

#else

void strata_depthwise_avx2(const strata_depthwise_plane *plane) {
    (void)plane;  // never called: strata_cpu_has_avx2_fma() is false off x86
}

#endif
