// The parts of the C API that need no Swift: version, status names, default options, and the
// per-thread message behind strata_last_error(), which is in C because a thread-local string
// freed at thread exit is a few lines of pthread here (callers' threads may be plain pthreads).
#include "strata.h"
#include "strata_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_key_t message_key;
static pthread_once_t message_once = PTHREAD_ONCE_INIT;

static void make_key(void) { (void)pthread_key_create(&message_key, free); }

void strata_internal_set_last_error(const char * message) {
    (void)pthread_once(&message_once, make_key);
    size_t length = strlen(message);
    char * copy = malloc(length + 1);
    // Out of memory: keep the previous message rather than fail inside error reporting.
    if (copy == NULL) return;
    memcpy(copy, message, length + 1);
    free(pthread_getspecific(message_key));
    (void)pthread_setspecific(message_key, copy);
}

const char * strata_last_error(void) {
    (void)pthread_once(&message_once, make_key);
    const char * message = pthread_getspecific(message_key);
    return message != NULL ? message : "";
}

strata_options strata_options_default(void) {
    strata_options options;
    memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    return options;
}

const char * strata_version(void) { return STRATA_VERSION; }

const char * strata_status_name(strata_status status) {
    switch (status) {
    case STRATA_OK: return "STRATA_OK";
    case STRATA_ERROR_NULL_POINTER: return "STRATA_ERROR_NULL_POINTER";
    case STRATA_ERROR_INVALID_ARGUMENT: return "STRATA_ERROR_INVALID_ARGUMENT";
    case STRATA_ERROR_INVALID_HANDLE: return "STRATA_ERROR_INVALID_HANDLE";
    case STRATA_ERROR_INVALID_MODEL: return "STRATA_ERROR_INVALID_MODEL";
    case STRATA_ERROR_SHAPE: return "STRATA_ERROR_SHAPE";
    case STRATA_ERROR_BUFFER_TOO_SMALL: return "STRATA_ERROR_BUFFER_TOO_SMALL";
    case STRATA_ERROR_MEMORY_LIMIT: return "STRATA_ERROR_MEMORY_LIMIT";
    case STRATA_ERROR_INTERNAL: return "STRATA_ERROR_INTERNAL";
    }
    return "STRATA_ERROR_UNKNOWN_STATUS";
}
