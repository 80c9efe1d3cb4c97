// libpng for StrataVision. Debian: libpng-dev (png.h, libpng16). Strata uses only the
// simplified API (png_image_*, libpng >= 1.6), which reports errors in the png_image
// struct instead of longjmp-ing out of the caller, something Swift cannot survive.
#include <png.h>
