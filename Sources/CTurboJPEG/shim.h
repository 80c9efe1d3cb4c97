// libjpeg-turbo for StrataVision. Debian: libturbojpeg0-dev (turbojpeg.h, libturbojpeg).
// Strata uses only the TurboJPEG API (tj*), whose calls return -1 and keep a message in
// the handle instead of longjmp-ing out of the caller as libjpeg's own API does, which
// Swift frames cannot survive; so no setjmp shim is needed.
#include <turbojpeg.h>
