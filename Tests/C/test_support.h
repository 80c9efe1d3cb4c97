// What the C API test programs share: CHECK and CHECK_STATUS (count failures, print where),
// fixture values read from safetensors files, whole files read into memory, and a run
// compared with onnxruntime's recorded output. Header-only: each program is one file.
#ifndef STRATA_TEST_SUPPORT_H
#define STRATA_TEST_SUPPORT_H

#include "strata.h"
#include "safetensors_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition, ...)                                                     \
    do {                                                                          \
        if (!(condition)) {                                                       \
            failures++;                                                           \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #condition);  \
            fprintf(stderr, __VA_ARGS__);                                         \
            fprintf(stderr, "\n");                                                \
        }                                                                         \
    } while (0)

// `call` returns `expected` and leaves a last-error message containing `needle`.
#define CHECK_STATUS(call, expected, needle)                                                     \
    do {                                                                                         \
        strata_status got_ = (call);                                                             \
        CHECK(got_ == (expected), "%s returned %s, expected %s (message: %s)", #call,            \
              strata_status_name(got_), strata_status_name(expected), strata_last_error());      \
        CHECK(strstr(strata_last_error(), (needle)) != NULL, "%s: message \"%s\" lacks \"%s\"", \
              #call, strata_last_error(), (needle));                                             \
    } while (0)

typedef struct {
    float * data;
    size_t count, rank;
    int64_t shape[8];
} fixture_value;

// The float32 tensor `key` of the safetensors file at `path`; exits if it is missing.
static inline fixture_value value(const char * path, const char * key) {
    fixture_value v = {0};
    v.data = fixture_tensor(path, key, &v.count, &v.rank, v.shape);
    if (v.data == NULL) {
        fprintf(stderr, "no float32 tensor '%s' in %s\n", key, path);
        exit(2);
    }
    return v;
}

// The whole file at `path` (malloc'ed, *size bytes); exits if it cannot be read.
static inline void * read_file(const char * path, size_t * size) {
    FILE * file = fopen(path, "rb");
    if (file == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    void * bytes = malloc(length > 0 ? (size_t)length : 1);
    if (bytes == NULL || fread(bytes, 1, (size_t)length, file) != (size_t)length) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fclose(file);
    *size = (size_t)length;
    return bytes;
}

// True when strata_output `out` has the shape of `expected`.
static inline int same_shape(const strata_output * out, const fixture_value * expected) {
    int same = out->rank == expected->rank;
    for (size_t axis = 0; same && axis < out->rank; axis++) same = out->shape[axis] == expected->shape[axis];
    return same;
}

// Runs `model` on the given named inputs and compares its output `output_name` with
// `expected` (relative error 1e-4, as ONNXConformanceTests); `label` names the case.
static inline void run_and_compare(strata_model * model, const strata_input * inputs, size_t n_inputs,
                            const char * output_name, const fixture_value * expected, const char * label) {
    float * result = malloc(expected->count * sizeof(float));
    strata_output out = {output_name, result, expected->count, {0}, 0};
    strata_status status = strata_model_run(model, inputs, n_inputs, &out, 1);
    CHECK(status == STRATA_OK, "%s: run: %s: %s", label, strata_status_name(status), strata_last_error());
    if (status == STRATA_OK) {
        CHECK(same_shape(&out, expected), "%s: output rank %zu differs from onnxruntime's shape (rank %zu)", label,
              out.rank, expected->rank);
        double error = fixture_relative_error(result, expected->data, expected->count);
        CHECK(error <= 1e-4, "%s: relative error %g against onnxruntime > 1e-4", label, error);
    }
    free(result);
}

#endif
