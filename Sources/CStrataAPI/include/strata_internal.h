// Not part of the public API (not installed): what the Swift side of libstrata calls.
#ifndef STRATA_INTERNAL_H
#define STRATA_INTERNAL_H

// Replaces this thread's strata_last_error() message with a copy of `message`. Hidden: only
// code inside libstrata can call it.
__attribute__((visibility("hidden"))) void strata_internal_set_last_error(const char * message);

#endif
