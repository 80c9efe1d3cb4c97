// cairo for StrataVision's figures (text, lines, fills into an image surface). Debian:
// libcairo2-dev. Text goes through cairo's "toy" font API with the family "DejaVu Sans"
// (Debian fonts-dejavu-core, found by fontconfig), so no font code or extra library is
// needed here.
#include <cairo.h>
