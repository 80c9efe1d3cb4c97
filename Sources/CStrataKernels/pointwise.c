// The fused 1x1 convolution GEMM: see strata_pointwise.h.
#include "strata_pointwise.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define STRATA_AVX2 __attribute__((target("avx2,fma")))
#define STRATA_INLINE static inline __attribute__((always_inline))

// One tile: 6 output rows (a partial tile repeats its last row pointer) x 8·blocks columns
// (blocks 1 or 2), from the packed panel tile b ([K, 16]). Writes the results to `c`, row
// stride `ldc`.
STRATA_INLINE STRATA_AVX2 void tile(const float *const a[6], const float *b, ptrdiff_t k, const float bias[6],
                                   float *c, ptrdiff_t ldc, int rows, int blocks, __m256 low, __m256 high) {
    __m256 acc[6][2];
    for (int i = 0; i < 6; i++) acc[i][0] = acc[i][1] = _mm256_set1_ps(bias[i]);
#pragma clang loop unroll_count(4)
    for (ptrdiff_t kk = 0; kk < k; kk++, b += 16) {
        const __m256 b0 = _mm256_loadu_ps(b), b1 = blocks == 2 ? _mm256_loadu_ps(b + 8) : b0;
        for (int i = 0; i < 6; i++) {
            const __m256 w = _mm256_broadcast_ss(a[i] + kk);
            acc[i][0] = _mm256_fmadd_ps(w, b0, acc[i][0]);
            if (blocks == 2) acc[i][1] = _mm256_fmadd_ps(w, b1, acc[i][1]);
        }
    }
    for (int i = 0; i < 6 && i < rows; i++) {
        // max(low, x), then min(high, x): this operand order keeps NaN, as Clip does.
        _mm256_storeu_ps(c + i * ldc, _mm256_min_ps(high, _mm256_max_ps(low, acc[i][0])));
        if (blocks == 2) _mm256_storeu_ps(c + i * ldc + 8, _mm256_min_ps(high, _mm256_max_ps(low, acc[i][1])));
    }
}

// Copies columns [c0, c0 + width) of the input [K, N] into [ceil(width / 16)][K][16] tiles.
STRATA_INLINE STRATA_AVX2 void pack(const float *input, ptrdiff_t k, ptrdiff_t n, ptrdiff_t c0, ptrdiff_t width,
                                   float *panel) {
    for (ptrdiff_t t = 0; t * 16 < width; t++) {
        const ptrdiff_t valid = width - t * 16 < 16 ? width - t * 16 : 16;
        float *tile = panel + t * k * 16;
        const float *source = input + c0 + t * 16;
        for (ptrdiff_t kk = 0; kk < k; kk++, source += n) {
            if (valid == 16) {
                _mm256_storeu_ps(tile + kk * 16, _mm256_loadu_ps(source));
                _mm256_storeu_ps(tile + kk * 16 + 8, _mm256_loadu_ps(source + 8));
            } else {
                for (ptrdiff_t j = 0; j < 16; j++) tile[kk * 16 + j] = j < valid ? source[j] : 0.0f;
            }
        }
    }
}

STRATA_AVX2 void strata_pointwise_avx2(const strata_pointwise *p) {
    const ptrdiff_t k = p->k, n = p->n;
    const __m256 low = _mm256_set1_ps(p->low), high = _mm256_set1_ps(p->high);
    const ptrdiff_t chunk = p->panel_floats / (16 * k) * 16;  // >= 16
    for (ptrdiff_t c0 = p->column_begin; c0 < p->column_end; c0 += chunk) {
        const ptrdiff_t width = p->column_end - c0 < chunk ? p->column_end - c0 : chunk;
        pack(p->input, k, n, c0, width, p->panel);
        for (ptrdiff_t r0 = p->row_begin; r0 < p->row_end; r0 += 6) {
            const int rows = p->row_end - r0 < 6 ? (int)(p->row_end - r0) : 6;
            const float *a[6];
            float bias[6];
            for (int i = 0; i < 6; i++) {
                const ptrdiff_t row = r0 + (i < rows ? i : rows - 1);
                a[i] = p->weights + row * k;
                bias[i] = p->bias ? p->bias[row] : 0.0f;
            }
            for (ptrdiff_t t = 0; t * 16 < width; t++) {
                const ptrdiff_t j = c0 + t * 16, valid = width - t * 16;
                const float *b = p->panel + t * k * 16;
                if (valid >= 16) {
                    tile(a, b, k, bias, p->output + r0 * n + j, n, rows, 2, low, high);
                } else {
                    // The last columns: a tile of 8 or 16 into a scratch, then only the real ones.
                    float scratch[6 * 16];
                    if (valid <= 8) {
                        tile(a, b, k, bias, scratch, 16, rows, 1, low, high);
                    } else {
                        tile(a, b, k, bias, scratch, 16, rows, 2, low, high);
                    }
                    for (int i = 0; i < rows; i++) memcpy(p->output + (r0 + i) * n + j, scratch + i * 16, valid * sizeof(float));
                }
            }
        }
    }
}

#else

void strata_pointwise_avx2(const strata_pointwise *p) {
    (void)p;  // never called: strata_cpu_has_avx2_fma() is false off x86
}

#endif
