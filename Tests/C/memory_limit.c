// The process-wide memory limit through the C API (STRATA_MEMORY_LIMIT, set here before the
// first call, as a service would in its environment): a file, bytes or a summary past it is
// refused with STRATA_ERROR_MEMORY_LIMIT before anything that large is read or built, never
// an abort. A program of its own because the limit holds for the whole process.
// Built and run by Scripts/test-c:  memory_limit REPO_ROOT WEIGHTS (WEIGHTS unused)
#define _POSIX_C_SOURCE 200112L  // setenv
#include "test_support.h"

int main(int argc, char ** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: memory_limit REPO_ROOT\n");
        return 2;
    }
    setenv("STRATA_MEMORY_LIMIT", "1M", 1);

    // A 2 MiB .onnx file (sparse: a hole and one byte) is not read at all.
    const char * big = "memory_limit_big.onnx";
    FILE * file = fopen(big, "wb");
    if (file == NULL || fseek(file, 2 * 1024 * 1024, SEEK_SET) != 0 || fputc(0, file) == EOF) {
        fprintf(stderr, "cannot write %s\n", big);
        return 2;
    }
    fclose(file);
    strata_model * model = NULL;
    CHECK_STATUS(strata_model_create_from_file(big, NULL, &model), STRATA_ERROR_MEMORY_LIMIT, "the ONNX file");
    remove(big);
    // The same from bytes.
    void * bytes = calloc(2 * 1024 * 1024, 1);
    CHECK_STATUS(strata_model_create_from_memory(bytes, 2 * 1024 * 1024, NULL, &model), STRATA_ERROR_MEMORY_LIMIT, "ONNX bytes");
    free(bytes);

    // A summary at sizes a run would refuse (2^30 x 2^30: its multiply-adds overflow 64 bits)
    // is refused too, naming the input.
    char path[4096];
    snprintf(path, sizeof path, "%s/Tests/Fixtures/onnx/symbolic_hw_conv_pool.onnx", argv[1]);
    strata_status status = strata_model_create_from_file(path, NULL, &model);
    CHECK(status == STRATA_OK, "load: %s: %s", strata_status_name(status), strata_last_error());
    if (model == NULL) return 1;
    const int64_t huge[4] = {1, 3, (int64_t)1 << 30, (int64_t)1 << 30};
    strata_input shapes = {"x", NULL, 4, huge};
    char * text = NULL;
    CHECK_STATUS(strata_model_summary(model, &shapes, 1, &text), STRATA_ERROR_MEMORY_LIMIT, "input 'x'");
    CHECK(text == NULL, "a refused summary left text set");
    // A run at a size within the limit still works (1 MiB holds a 32x32 plan).
    float image[3 * 32 * 32] = {0}, logits[10];
    const int64_t small[4] = {1, 3, 32, 32};
    strata_input in = {"x", image, 4, small};
    strata_output out = {NULL, logits, 10, {0}, 0};
    status = strata_model_run(model, &in, 1, &out, 1);
    CHECK(status == STRATA_OK, "a 32x32 run under a 1 MiB limit: %s: %s", strata_status_name(status), strata_last_error());
    strata_model_release(model);

    if (failures > 0) {
        fprintf(stderr, "memory_limit: %d check(s) failed\n", failures);
        return 1;
    }
    printf("memory_limit: a file, bytes and a summary past STRATA_MEMORY_LIMIT refused; a small run still works\n");
    return 0;
}
