// zlib for StrataTraining. Debian: zlib1g-dev (zlib.h, libz). Strata uses only the gz* file
// API (gzopen, gzread, gzerror, gzdirect, gzclose), which reads gzip and plain files alike
// and reports a corrupt or truncated stream through gzerror.
#include <zlib.h>
