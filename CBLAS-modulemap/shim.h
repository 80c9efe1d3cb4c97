// The only C surface Strata uses: OpenBLAS's CBLAS interface and LAPACKE.
// Debian: libopenblas-dev (cblas.h, openblas_config.h) and liblapacke-dev (lapacke.h).
#include <cblas.h>
#include <lapacke.h>
