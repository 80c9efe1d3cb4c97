// The AVX2/FMA Winograd F(4x4,3x3) output transform; see include/strata_winograd.h.
#include "strata_winograd.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

// F(4x4,3x3): At rows x0+x1+x2+x3+x4, (x1-x2)+2(x3-x4), (x1+x2)+4(x3+x4), (x1-x2)+8(x3-x4)+x5.
static inline AVX2 void f4_output(const __m256 x[6], __m256 y[4]) {
    __m256 sum12 = _mm256_add_ps(x[1], x[2]), difference12 = _mm256_sub_ps(x[1], x[2]);
    __m256 sum34 = _mm256_add_ps(x[3], x[4]), difference34 = _mm256_sub_ps(x[3], x[4]);
    y[0] = _mm256_add_ps(_mm256_add_ps(x[0], sum12), sum34);
    y[1] = _mm256_fmadd_ps(_mm256_set1_ps(2), difference34, difference12);
    y[2] = _mm256_fmadd_ps(_mm256_set1_ps(4), sum34, sum12);
    y[3] = _mm256_add_ps(_mm256_fmadd_ps(_mm256_set1_ps(8), difference34, difference12), x[5]);
}

// Stores pixel j of 8 tiles (vectors y[0..4), lane l = tile l) as 8 runs of 4 pixels: a
// 4x8 transpose.
static inline AVX2 void store_interleaved4(const __m256 y[4], float *out) {
    __m256 t0 = _mm256_unpacklo_ps(y[0], y[1]), t1 = _mm256_unpackhi_ps(y[0], y[1]);
    __m256 t2 = _mm256_unpacklo_ps(y[2], y[3]), t3 = _mm256_unpackhi_ps(y[2], y[3]);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    _mm256_storeu_ps(out, _mm256_permute2f128_ps(u0, u1, 0x20));
    _mm256_storeu_ps(out + 8, _mm256_permute2f128_ps(u2, u3, 0x20));
    _mm256_storeu_ps(out + 16, _mm256_permute2f128_ps(u0, u1, 0x31));
    _mm256_storeu_ps(out + 24, _mm256_permute2f128_ps(u2, u3, 0x31));
}

// The 2-D transform: columns first (z = At·M, [4, 6]), then rows (z·A), as the Swift kernel does.
AVX2 void strata_winograd_f4x4_output_avx2(const float *mm, long point_stride, long first, long end, float bias,
                                           float *staging, long staging_stride) {
    const __m256 offset = _mm256_set1_ps(bias);
    for (long tw = first; tw < end; tw += 8) {
        __m256 z[4][6], x[6], y[4];
        const float *source = mm + (tw - first);
        for (int k = 0; k < 6; k++) {
            for (int r = 0; r < 6; r++) x[r] = _mm256_loadu_ps(source + (r * 6 + k) * point_stride);
            f4_output(x, y);
            for (int i = 0; i < 4; i++) z[i][k] = y[i];
        }
        for (int i = 0; i < 4; i++) {
            f4_output(z[i], y);
            for (int j = 0; j < 4; j++) y[j] = _mm256_add_ps(y[j], offset);
            store_interleaved4(y, staging + i * staging_stride + (tw - first) * 4);
        }
    }
}

#else
// Not x86: never called (strata_cpu_has_avx2_fma() is false); defined so the target links.
void strata_winograd_f4x4_output_avx2(const float *mm, long point_stride, long first, long end, float bias, float *staging, long staging_stride) {}
#endif
