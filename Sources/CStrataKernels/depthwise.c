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

// Rows of at least 8 outputs.
STRATA_INLINE STRATA_AVX2 void rows8(const strata_depthwise_plane *plane, int height, int width) {
    const float *restrict taps = plane->taps;
    const ptrdiff_t *offsets = plane->column_offsets;
    const ptrdiff_t last = plane->out_width - 8, step = (ptrdiff_t)plane->dilation_height * plane->row_stride;
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
        for (ptrdiff_t o = 0;; o = o + 8 < last ? o + 8 : last) {
            __m256 sum = bias;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    const __m256 v = _mm256_loadu_ps(in + r * step + offsets[c] + o);
                    sum = _mm256_fmadd_ps(hoisted ? w[r * width + c] : _mm256_set1_ps(taps[r * width + c]), v, sum);
                }
            }
            // max(low, x), then min(high, x): this operand order keeps NaN, as Clip does.
            _mm256_storeu_ps(out + o, _mm256_min_ps(high, _mm256_max_ps(low, sum)));
            if (o == last) break;
        }
    }
}

// Rows of 4 to 7 outputs (7x7 planes).
STRATA_INLINE STRATA_AVX2 void rows4(const strata_depthwise_plane *plane, int height, int width) {
    const float *restrict taps = plane->taps;
    const ptrdiff_t *offsets = plane->column_offsets;
    const ptrdiff_t last = plane->out_width - 4, step = (ptrdiff_t)plane->dilation_height * plane->row_stride;
    const __m128 bias = _mm_set1_ps(plane->bias), low = _mm_set1_ps(plane->low), high = _mm_set1_ps(plane->high);
    __m128 w[MAX_HOISTED];
    const int hoisted = height * width <= MAX_HOISTED;
    if (hoisted) {
        for (int i = 0; i < height * width; i++) w[i] = _mm_set1_ps(taps[i]);
    }
    for (ptrdiff_t oh = plane->row_begin; oh < plane->row_end; oh++) {
        const float *in = plane->input + oh * plane->stride_height * plane->row_stride;
        float *restrict out = plane->output + oh * plane->out_width;
        for (ptrdiff_t o = 0;; o = o + 4 < last ? o + 4 : last) {
            __m128 sum = bias;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    const __m128 v = _mm_loadu_ps(in + r * step + offsets[c] + o);
                    sum = _mm_fmadd_ps(hoisted ? w[r * width + c] : _mm_set1_ps(taps[r * width + c]), v, sum);
                }
            }
            _mm_storeu_ps(out + o, _mm_min_ps(high, _mm_max_ps(low, sum)));
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

STRATA_INLINE STRATA_AVX2 void rows(const strata_depthwise_plane *plane, int height, int width) {
    if (plane->out_width >= 8) {
        rows8(plane, height, width);
    } else {
        rows4(plane, height, width);
    }
}

STRATA_AVX2 void strata_depthwise_avx2(const strata_depthwise_plane *plane) {
    if (plane->out_width < 4) return rows1(plane);
    const int height = plane->kernel_height, width = plane->kernel_width;
    if (height == 3 && width == 3) return rows(plane, 3, 3);
    if (height == 5 && width == 5) return rows(plane, 5, 5);
    rows(plane, height, width);
}

#else

void strata_depthwise_avx2(const strata_depthwise_plane *plane) {
    (void)plane;  // never called: strata_cpu_has_avx2_fma() is false off x86
}

#endif
