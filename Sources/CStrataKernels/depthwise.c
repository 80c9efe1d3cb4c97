// AVX2/FMA depthwise convolution of one channel plane: see strata_depthwise.h for the
// contract, and Strata's DepthwiseKernel+Swift.swift for the same loops in Swift.
//
// One generic loop, inlined with constant sizes for 3x3 and 5x5 at stride 1 and 2 along
// the row (no row dilation), so the taps are unrolled and their broadcast weights stay in
// registers (restrict lets the compiler hoist them out of the row loop). At stride 2 a
// block's 8 inputs p[0], p[2], ..., p[14] come from two loads (p[0..7], p[7..14]) and one
// in-lane shuffle, in the lane order 0 2 8 10 4 6 12 14; every tap shares that order, so
// one permute before the store puts the outputs back in order. No load reads past the
// last input a block needs.
#include "strata_depthwise.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define STRATA_AVX2 __attribute__((target("avx2,fma")))
#define STRATA_INLINE static inline __attribute__((always_inline))

// p[0], p[2], ..., p[14], as lanes 0 1 4 5 2 3 6 7.
STRATA_INLINE STRATA_AVX2 __m256 even8(const float *p) {
    return _mm256_shuffle_ps(_mm256_loadu_ps(p), _mm256_loadu_ps(p + 7), _MM_SHUFFLE(3, 1, 2, 0));
}

// p[0], p[2], p[4], p[6], in order.
STRATA_INLINE STRATA_AVX2 __m128 even4(const float *p) {
    return _mm_shuffle_ps(_mm_loadu_ps(p), _mm_loadu_ps(p + 3), _MM_SHUFFLE(3, 1, 2, 0));
}

STRATA_INLINE STRATA_AVX2 __m256 load8(const float *p, int stride) {
    if (stride == 1) return _mm256_loadu_ps(p);
    if (stride == 2) return even8(p);
    const ptrdiff_t s = stride;
    return _mm256_setr_ps(p[0], p[s], p[2 * s], p[3 * s], p[4 * s], p[5 * s], p[6 * s], p[7 * s]);
}

STRATA_INLINE STRATA_AVX2 __m128 load4(const float *p, int stride) {
    if (stride == 1) return _mm_loadu_ps(p);
    if (stride == 2) return even4(p);
    const ptrdiff_t s = stride;
    return _mm_setr_ps(p[0], p[s], p[2 * s], p[3 * s]);
}

// Rows of at least 8 outputs.
STRATA_INLINE STRATA_AVX2 void rows8(const strata_depthwise_plane *plane, int height, int width, int stride,
                                     int dilation) {
    const float *restrict taps = plane->taps;
    const ptrdiff_t last = plane->out_width - 8, step = (ptrdiff_t)plane->dilation_height * plane->row_stride;
    const __m256 bias = _mm256_set1_ps(plane->bias);
    const __m256 low = _mm256_set1_ps(plane->low), high = _mm256_set1_ps(plane->high);
    for (ptrdiff_t oh = plane->row_begin; oh < plane->row_end; oh++) {
        const float *in = plane->input + oh * plane->stride_height * plane->row_stride;
        float *restrict out = plane->output + oh * plane->out_width;
        for (ptrdiff_t o = 0;; o = o + 8 < last ? o + 8 : last) {
            const float *x = in + o * stride;
            __m256 sum = bias;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    const __m256 v = load8(x + r * step + (ptrdiff_t)c * dilation, stride);
                    sum = _mm256_fmadd_ps(_mm256_set1_ps(taps[r * width + c]), v, sum);
                }
            }
            if (stride == 2) sum = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(sum), _MM_SHUFFLE(3, 1, 2, 0)));
            // max(low, x), then min(high, x): this operand order keeps NaN, as Clip does.
            _mm256_storeu_ps(out + o, _mm256_min_ps(high, _mm256_max_ps(low, sum)));
            if (o == last) break;
        }
    }
}

// Rows of 4 to 7 outputs (7x7 planes).
STRATA_INLINE STRATA_AVX2 void rows4(const strata_depthwise_plane *plane, int height, int width, int stride,
                                     int dilation) {
    const float *restrict taps = plane->taps;
    const ptrdiff_t last = plane->out_width - 4, step = (ptrdiff_t)plane->dilation_height * plane->row_stride;
    const __m128 bias = _mm_set1_ps(plane->bias), low = _mm_set1_ps(plane->low), high = _mm_set1_ps(plane->high);
    for (ptrdiff_t oh = plane->row_begin; oh < plane->row_end; oh++) {
        const float *in = plane->input + oh * plane->stride_height * plane->row_stride;
        float *restrict out = plane->output + oh * plane->out_width;
        for (ptrdiff_t o = 0;; o = o + 4 < last ? o + 4 : last) {
            const float *x = in + o * stride;
            __m128 sum = bias;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    const __m128 v = load4(x + r * step + (ptrdiff_t)c * dilation, stride);
                    sum = _mm_fmadd_ps(_mm_set1_ps(taps[r * width + c]), v, sum);
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
            const float *x = in + o * plane->stride_width;
            float sum = plane->bias;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) sum += plane->taps[r * width + c] * x[r * step + (ptrdiff_t)c * plane->dilation_width];
            }
            sum = plane->low > sum ? plane->low : sum;
            plane->output[oh * plane->out_width + o] = plane->high < sum ? plane->high : sum;
        }
    }
}

STRATA_INLINE STRATA_AVX2 void rows(const strata_depthwise_plane *plane, int height, int width, int stride, int dilation) {
    if (plane->out_width >= 8) {
        rows8(plane, height, width, stride, dilation);
    } else {
        rows4(plane, height, width, stride, dilation);
    }
}

STRATA_AVX2 void strata_depthwise_avx2(const strata_depthwise_plane *plane) {
    if (plane->out_width < 4) return rows1(plane);
    const int k = plane->kernel_width, s = plane->stride_width;
    if (plane->dilation_width == 1 && plane->kernel_height == k) {
        if (k == 3 && s == 1) return rows(plane, 3, 3, 1, 1);
        if (k == 3 && s == 2) return rows(plane, 3, 3, 2, 1);
        if (k == 5 && s == 1) return rows(plane, 5, 5, 1, 1);
        if (k == 5 && s == 2) return rows(plane, 5, 5, 2, 1);
    }
    rows(plane, plane->kernel_height, k, s, plane->dilation_width);
}

#else

void strata_depthwise_avx2(const strata_depthwise_plane *plane) {
    (void)plane;  // never called: strata_cpu_has_avx2_fma() is false off x86
}

#endif
