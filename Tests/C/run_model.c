// The C API end to end: runs the built-in seednet through strata.h and compares its output
// with onnxruntime's for the same weights and input (Tests/Fixtures/golden/seednet.safetensors,
// recorded by Scripts/make-golden; GoldenOutputTests holds the Swift API to the same fixture and
// tolerance), then checks that misuse returns the right status and a message.
// The weights are the golden ones (`engine-bench export seednet --size 28 --classes 10 --seed 1`,
// what Scripts/make-golden gave onnxruntime), loaded through strata_options.weights_path.
// Built and run by Scripts/test-c:  run_model REPO_ROOT WEIGHTS.safetensors
#include "test_support.h"

#include <math.h>

static float * read_tensor(const char * path, const char * name, size_t * count) {
    size_t rank;
    int64_t shape[8];
    return fixture_tensor(path, name, count, &rank, shape);
}

int main(int argc, char ** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: run_model REPO_ROOT WEIGHTS.safetensors\n");
        return 2;
    }
    char fixture[4096];
    snprintf(fixture, sizeof fixture, "%s/Tests/Fixtures/golden/seednet.safetensors", argv[1]);
    size_t input_count = 0, expected_count = 0;
    float * input = read_tensor(fixture, "input", &input_count);
    float * expected = read_tensor(fixture, "expected", &expected_count);
    if (input == NULL || expected == NULL || input_count != 784 || expected_count != 10) {
        fprintf(stderr, "cannot read input [1,1,28,28] and expected [1,10] from %s\n", fixture);
        return 2;
    }

    CHECK(strcmp(strata_version(), STRATA_VERSION) == 0, "library %s, header %s", strata_version(), STRATA_VERSION);
    CHECK(strcmp(strata_last_error(), "") == 0, "no call failed yet, but the message is \"%s\"", strata_last_error());

    // --- The happy path: seednet, queried and run.
    strata_options options = strata_options_default();
    options.threads = 1;
    options.weights_path = argv[2];
    strata_model * model = NULL;
    strata_status status = strata_model_create_from_file("seednet", &options, &model);
    CHECK(status == STRATA_OK && model != NULL, "create seednet: %s: %s", strata_status_name(status), strata_last_error());
    if (model == NULL) return 1;

    size_t count = 0;
    const char * name = NULL;
    CHECK(strata_model_input_count(model, &count) == STRATA_OK && count == 1, "input count %zu", count);
    CHECK(strata_model_input_name(model, 0, &name) == STRATA_OK && name != NULL, "input name");
    int64_t dims[STRATA_MAX_RANK] = {0};
    size_t rank = 0;
    CHECK(strata_model_input_shape(model, 0, dims, STRATA_MAX_RANK, &rank) == STRATA_OK && rank == 4 && dims[0] == 1
              && dims[1] == 1 && dims[2] == 28 && dims[3] == 28,
          "input shape rank %zu [%lld, %lld, %lld, %lld]", rank, (long long)dims[0], (long long)dims[1],
          (long long)dims[2], (long long)dims[3]);
    CHECK(strata_model_output_count(model, &count) == STRATA_OK && count == 1, "output count %zu", count);
    const char * output_name = NULL;
    CHECK(strata_model_output_name(model, 0, &output_name) == STRATA_OK && output_name != NULL, "output name");

    const int64_t shape[4] = {1, 1, 28, 28};
    float probabilities[10];
    strata_input in = {name, input, 4, shape};
    strata_output out = {output_name, probabilities, 10, {0}, 0};
    status = strata_model_run(model, &in, 1, &out, 1);
    CHECK(status == STRATA_OK, "run: %s: %s", strata_status_name(status), strata_last_error());
    CHECK(out.rank == 2 && out.shape[0] == 1 && out.shape[1] == 10, "output shape rank %zu [%lld, %lld]", out.rank,
          (long long)out.shape[0], (long long)out.shape[1]);
    double error = fixture_relative_error(probabilities, expected, 10);
    CHECK(error <= 1e-4, "seednet through the C API vs onnxruntime: relative error %g > 1e-4", error);

    // A NULL input name is the only input; a NULL output name is the output at that position.
    float again[10];
    strata_input unnamed = {NULL, input, 4, shape};
    strata_output first = {NULL, again, 10, {0}, 0};
    CHECK(strata_model_run(model, &unnamed, 1, &first, 1) == STRATA_OK, "unnamed run: %s", strata_last_error());
    CHECK(memcmp(again, probabilities, sizeof again) == 0, "a second run at the same shapes gave other values");

    // --- Misuse: each a status and a message naming what was wrong.
    strata_model * none = (strata_model *)&count;  // overwritten with NULL on failure
    CHECK_STATUS(strata_model_create_from_file(NULL, NULL, &none), STRATA_ERROR_NULL_POINTER, "path is NULL");
    CHECK(none == NULL, "*out not NULL after a failed create");
    CHECK_STATUS(strata_model_create_from_file("seednet", NULL, NULL), STRATA_ERROR_NULL_POINTER, "out is NULL");
    CHECK_STATUS(strata_model_create_from_file("nosuchnet", NULL, &none), STRATA_ERROR_INVALID_MODEL, "unknown model 'nosuchnet'");
    CHECK_STATUS(strata_model_create_from_file("/nonexistent/model.onnx", NULL, &none), STRATA_ERROR_INVALID_MODEL, "model.onnx");
    strata_options bad = strata_options_default();
    bad.struct_size = 8;
    CHECK_STATUS(strata_model_create_from_file("seednet", &bad, &none), STRATA_ERROR_INVALID_ARGUMENT, "struct_size is 8");
    bad = strata_options_default();
    bad.threads = -2;
    CHECK_STATUS(strata_model_create_from_file("seednet", &bad, &none), STRATA_ERROR_INVALID_ARGUMENT, "threads must be >= 0");

    bad = strata_options_default();
    bad.batch = 1000000000;
    CHECK_STATUS(strata_model_create_from_file("seednet", &bad, &none), STRATA_ERROR_MEMORY_LIMIT, "memory limit");
    bad = strata_options_default();
    bad.weights_path = argv[2];
    CHECK_STATUS(strata_model_create_from_file("run_model_missing.onnx", &bad, &none), STRATA_ERROR_INVALID_ARGUMENT,
                 "apply to built-in models");

    // A malformed model: bytes that are not an ONNX protobuf.
    const char * malformed = "run_model_malformed.onnx";
    FILE * file = fopen(malformed, "wb");
    if (file != NULL) {
        fputs("this is not a protobuf \xff\xff\xff\xff", file);
        fclose(file);
    }
    status = strata_model_create_from_file(malformed, NULL, &none);
    CHECK(status == STRATA_ERROR_INVALID_MODEL && none == NULL && strlen(strata_last_error()) > 0,
          "malformed ONNX: %s: %s", strata_status_name(status), strata_last_error());
    remove(malformed);

    CHECK_STATUS(strata_model_input_count(NULL, &count), STRATA_ERROR_NULL_POINTER, "model is NULL");
    CHECK_STATUS(strata_model_input_count(model, NULL), STRATA_ERROR_NULL_POINTER, "out_count is NULL");
    CHECK_STATUS(strata_model_input_name(model, 1, &name), STRATA_ERROR_INVALID_ARGUMENT, "index 1 is out of range");
    CHECK_STATUS(strata_model_input_shape(model, 0, dims, 2, &rank), STRATA_ERROR_BUFFER_TOO_SMALL, "rank 4");
    CHECK(rank == 4, "input_shape with too small dims gave rank %zu, expected 4", rank);
    CHECK(strata_model_input_shape(model, 0, NULL, 0, &rank) == STRATA_ERROR_BUFFER_TOO_SMALL && rank == 4,
          "asking for the rank with dims NULL");

    strata_input wrong_name = {"nosuchinput", input, 4, shape};
    CHECK_STATUS(strata_model_run(model, &wrong_name, 1, &out, 1), STRATA_ERROR_INVALID_ARGUMENT, "'nosuchinput'");
    strata_input two[2] = {in, in};
    CHECK_STATUS(strata_model_run(model, two, 2, &out, 1), STRATA_ERROR_INVALID_ARGUMENT, "n_inputs is 2");
    CHECK_STATUS(strata_model_run(model, NULL, 1, &out, 1), STRATA_ERROR_NULL_POINTER, "inputs is NULL");
    CHECK_STATUS(strata_model_run(model, &in, 1, NULL, 1), STRATA_ERROR_NULL_POINTER, "outputs is NULL");
    strata_input no_data = {name, NULL, 4, shape};
    CHECK_STATUS(strata_model_run(model, &no_data, 1, &out, 1), STRATA_ERROR_NULL_POINTER, "data is NULL");
    const int64_t wrong_shape[4] = {1, 1, 28, 27};
    strata_input misshapen = {name, input, 4, wrong_shape};
    CHECK_STATUS(strata_model_run(model, &misshapen, 1, &out, 1), STRATA_ERROR_SHAPE, "");
    const int64_t negative[4] = {1, 1, -28, 28};
    strata_input negative_input = {name, input, 4, negative};
    CHECK_STATUS(strata_model_run(model, &negative_input, 1, &out, 1), STRATA_ERROR_SHAPE, ">= 0");
    // A shape the model does not take is refused before the input is read: the buffer holds
    // 784 floats, the shape claims 3.2 million (reading them would run far past the buffer).
    const int64_t wide[4] = {1, 1, 28, 28 * 4096};
    strata_input wide_input = {name, input, 4, wide};
    CHECK_STATUS(strata_model_run(model, &wide_input, 1, &out, 1), STRATA_ERROR_SHAPE, "28");
    const int64_t rank5[5] = {1, 1, 28, 28, 4096};
    strata_input rank5_input = {name, input, 5, rank5};
    CHECK_STATUS(strata_model_run(model, &rank5_input, 1, &out, 1), STRATA_ERROR_SHAPE, "rank");

    // Too small an output buffer: the status, the needed shape, and no data written.
    float small[9];
    for (int i = 0; i < 9; i++) small[i] = -7;
    strata_output short_out = {NULL, small, 9, {0}, 0};
    CHECK_STATUS(strata_model_run(model, &in, 1, &short_out, 1), STRATA_ERROR_BUFFER_TOO_SMALL, "needs 10 floats, capacity is 9");
    CHECK(short_out.rank == 2 && short_out.shape[1] == 10, "BUFFER_TOO_SMALL did not report the shape [1, 10]");
    CHECK(small[0] == -7 && small[8] == -7, "BUFFER_TOO_SMALL wrote into the buffer");
    strata_output wrong_output = {"nosuchoutput", probabilities, 10, {0}, 0};
    CHECK_STATUS(strata_model_run(model, &in, 1, &wrong_output, 1), STRATA_ERROR_INVALID_ARGUMENT, "'nosuchoutput'");
    CHECK_STATUS(strata_model_run(model, &in, 1, &out, 0), STRATA_ERROR_INVALID_ARGUMENT, "n_outputs is 0");

    // The message is per thread and survives successful calls.
    CHECK(strata_model_input_count(model, &count) == STRATA_OK, "input count after errors");
    CHECK(strstr(strata_last_error(), "n_outputs is 0") != NULL, "a successful call changed the message to \"%s\"",
          strata_last_error());

    // --- Release, then every use of the released handle is INVALID_HANDLE.
    CHECK(strata_model_release(model) == STRATA_OK, "release: %s", strata_last_error());
    CHECK_STATUS(strata_model_release(model), STRATA_ERROR_INVALID_HANDLE, "not a live strata_model");
    CHECK_STATUS(strata_model_run(model, &in, 1, &out, 1), STRATA_ERROR_INVALID_HANDLE, "not a live strata_model");
    CHECK_STATUS(strata_model_input_count(model, &count), STRATA_ERROR_INVALID_HANDLE, "not a live strata_model");
    CHECK_STATUS(strata_model_input_count((const strata_model *)&count, &count), STRATA_ERROR_INVALID_HANDLE,
                 "never created");
    CHECK(strata_model_release(NULL) == STRATA_OK, "release(NULL) is a no-op");

    free(input);
    free(expected);
    if (failures > 0) {
        fprintf(stderr, "run_model: %d check(s) failed\n", failures);
        return 1;
    }
    printf("run_model: seednet through the C API matches onnxruntime (relative error %.3g); misuse checks passed\n", error);
    return 0;
}
