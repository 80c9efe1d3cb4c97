// CPU feature dispatch and the spin-wait hint for Strata's C kernels.
//
// Swift builds this package for baseline x86-64 (SSE2) and a package may not use
// unsafeFlags, so kernels that need AVX2/FMA live in this C target, each compiled for its
// ISA with a per-function __attribute__((target(...))) and chosen once at run time, the
// way onnxruntime's MLAS ships per-ISA kernels. Every such kernel keeps a Swift fallback.
#ifndef STRATA_CPU_H
#define STRATA_CPU_H
#include <stdbool.h>

// Internal to Strata: hidden, so a shared library built from Strata (libstrata.so, the C
// API) exports only the functions strata.h declares.
#pragma GCC visibility push(hidden)


#ifdef __cplusplus
extern "C" {
#endif

/// True when the CPU (and OS) run AVX2 and FMA3 instructions. Computed once.
bool strata_cpu_has_avx2_fma(void);

/// True when the CPU runs AVX-512F instructions. Computed once.
bool strata_cpu_has_avx512f(void);

/// A spin-wait hint (x86 `pause`, ARM `yield`): lets a sibling hyper-thread run and
/// saves power while a thread polls a flag another thread will set.
static inline void strata_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif
