// Making models through the C API's other doors, against onnxruntime's recorded outputs
// (Tests/Fixtures/onnx) and the golden seednet (Tests/Fixtures/golden):
// - strata_model_create_from_memory (ONNX bytes), malformed bytes refused;
// - options: dimensions by name (symbolic sizes fixed), batch for an ONNX symbolic batch,
//   memory_limit (a plan over it refused), weights_data (safetensors bytes), threads and
//   strata_model_set_threads (same results);
// - element types and output shapes (-1 where an output follows a symbolic size).
// Built and run by Scripts/test-c:  create_options REPO_ROOT WEIGHTS.safetensors
#include "test_support.h"

static char path_buffer[4096];

static const char * fixture_path(const char * root, const char * relative) {
    snprintf(path_buffer, sizeof path_buffer, "%s/%s", root, relative);
    return path_buffer;
}

// Output `index`'s shape as strata_model_output_shape reports it, into dims; its rank.
static size_t output_shape(strata_model * model, size_t index, int64_t dims[STRATA_MAX_RANK]) {
    size_t rank = 0;
    strata_status status = strata_model_output_shape(model, index, dims, STRATA_MAX_RANK, &rank);
    CHECK(status == STRATA_OK, "output_shape(%zu): %s: %s", index, strata_status_name(status), strata_last_error());
    return status == STRATA_OK ? rank : 0;
}

int main(int argc, char ** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: create_options REPO_ROOT WEIGHTS.safetensors\n");
        return 2;
    }
    const char * root = argv[1];
    char conv_pool[4096], conv_pool_fixture[4096];
    snprintf(conv_pool, sizeof conv_pool, "%s/Tests/Fixtures/onnx/symbolic_hw_conv_pool.onnx", root);
    snprintf(conv_pool_fixture, sizeof conv_pool_fixture, "%s/Tests/Fixtures/onnx/symbolic_hw_conv_pool.safetensors", root);
    fixture_value x32 = value(conv_pool_fixture, "32x32/input:x"), logits32 = value(conv_pool_fixture, "32x32/expected:logits");
    strata_input in32 = {"x", x32.data, x32.rank, x32.shape};

    // --- From bytes.
    size_t size = 0;
    void * bytes = read_file(conv_pool, &size);
    strata_model * model = NULL;
    strata_status status = strata_model_create_from_memory(bytes, size, NULL, &model);
    CHECK(status == STRATA_OK, "from memory: %s: %s", strata_status_name(status), strata_last_error());
    if (model != NULL) run_and_compare(model, &in32, 1, "logits", &logits32, "from memory at 32x32");
    strata_model_release(model);
    // The same bytes cut short, and noise, are malformed models; NULL and 0 are refused.
    CHECK_STATUS(strata_model_create_from_memory(bytes, size / 2, NULL, &model), STRATA_ERROR_INVALID_MODEL, "");
    CHECK(model == NULL, "a failed create left *out set");
    unsigned char noise[300];
    for (size_t i = 0; i < sizeof noise; i++) noise[i] = (unsigned char)(i * 131u + 7u);
    CHECK_STATUS(strata_model_create_from_memory(noise, sizeof noise, NULL, &model), STRATA_ERROR_INVALID_MODEL, "");
    CHECK_STATUS(strata_model_create_from_memory(NULL, 10, NULL, &model), STRATA_ERROR_NULL_POINTER, "data is NULL");
    CHECK_STATUS(strata_model_create_from_memory(bytes, 0, NULL, &model), STRATA_ERROR_INVALID_MODEL, "size is 0");
    strata_options options = strata_options_default();
    options.weights_path = "weights.safetensors";
    CHECK_STATUS(strata_model_create_from_memory(bytes, size, &options, &model), STRATA_ERROR_INVALID_ARGUMENT,
                 "built-in models");
    free(bytes);

    // --- Element types.
    status = strata_model_create_from_file(conv_pool, NULL, &model);
    CHECK(status == STRATA_OK, "load: %s", strata_last_error());
    strata_element_type type = 0;
    CHECK(strata_model_input_type(model, 0, &type) == STRATA_OK && type == STRATA_FLOAT32, "input 0's type %d", (int)type);
    CHECK(strata_model_output_type(model, 0, &type) == STRATA_OK && type == STRATA_FLOAT32, "output 0's type %d", (int)type);
    CHECK_STATUS(strata_model_output_type(model, 1, &type), STRATA_ERROR_INVALID_ARGUMENT, "out of range");
    CHECK_STATUS(strata_model_input_type(model, 0, NULL), STRATA_ERROR_NULL_POINTER, "out_type");
    // Logits [1, 10] do not follow height and width.
    int64_t dims[STRATA_MAX_RANK];
    size_t rank = output_shape(model, 0, dims);
    CHECK(rank == 2 && dims[0] == 1 && dims[1] == 10, "logits' shape: rank %zu [%lld, %lld], expected [1, 10]", rank,
          (long long)dims[0], (long long)dims[1]);

    // --- set_threads: two threads, then back to one, same results.
    CHECK(strata_model_set_threads(model, 2) == STRATA_OK, "set_threads(2): %s", strata_last_error());
    run_and_compare(model, &in32, 1, "logits", &logits32, "2 threads");
    CHECK(strata_model_set_threads(model, 1) == STRATA_OK, "set_threads(1): %s", strata_last_error());
    run_and_compare(model, &in32, 1, "logits", &logits32, "1 thread");
    CHECK_STATUS(strata_model_set_threads(model, -1), STRATA_ERROR_INVALID_ARGUMENT, ">= 0");
    strata_model_release(model);
    CHECK_STATUS(strata_model_set_threads(model, 1), STRATA_ERROR_INVALID_HANDLE, "not a live");

    // --- Dimensions by name: height and width fixed at 32 are no longer symbolic; another
    // size is a shape error.
    strata_dimension fixed[2] = {{"height", 32}, {"width", 32}};
    options = strata_options_default();
    options.dimensions = fixed;
    options.n_dimensions = 2;
    status = strata_model_create_from_file(conv_pool, &options, &model);
    CHECK(status == STRATA_OK, "dimensions: %s: %s", strata_status_name(status), strata_last_error());
    CHECK(strata_model_input_shape(model, 0, dims, STRATA_MAX_RANK, &rank) == STRATA_OK && rank == 4 && dims[2] == 32
              && dims[3] == 32,
          "x's shape with height and width fixed: [.., %lld, %lld], expected 32, 32", (long long)dims[2], (long long)dims[3]);
    run_and_compare(model, &in32, 1, "logits", &logits32, "height and width fixed at 32");
    fixture_value x45 = value(conv_pool_fixture, "45x37/input:x");
    strata_input in45 = {"x", x45.data, x45.rank, x45.shape};
    float sink[10];
    strata_output out = {NULL, sink, 10, {0}, 0};
    CHECK_STATUS(strata_model_run(model, &in45, 1, &out, 1), STRATA_ERROR_SHAPE, "x");
    strata_model_release(model);
    strata_dimension unknown[1] = {{"depth", 4}};
    options.dimensions = unknown;
    options.n_dimensions = 1;
    CHECK_STATUS(strata_model_create_from_file(conv_pool, &options, &model), STRATA_ERROR_INVALID_ARGUMENT,
                 "dimension 'depth', which no input uses");
    strata_dimension bad[1] = {{"height", 0}};
    options.dimensions = bad;
    options.n_dimensions = 1;
    CHECK_STATUS(strata_model_create_from_file(conv_pool, &options, &model), STRATA_ERROR_INVALID_ARGUMENT, ">= 1");
    options.dimensions = NULL;
    CHECK_STATUS(strata_model_create_from_file(conv_pool, &options, &model), STRATA_ERROR_NULL_POINTER, "dimensions");

    // --- Memory limit: 4 KiB cannot hold the 32x32 plan (the 8x32x32 conv output alone is
    // 32 KiB); the same model without the limit runs.
    options = strata_options_default();
    options.memory_limit = 4096;
    status = strata_model_create_from_file(conv_pool, &options, &model);
    CHECK(status == STRATA_OK, "memory_limit 4096: %s: %s", strata_status_name(status), strata_last_error());
    CHECK_STATUS(strata_model_run(model, &in32, 1, &out, 1), STRATA_ERROR_MEMORY_LIMIT, "memory limit");
    strata_model_release(model);
    options.memory_limit = -1;
    CHECK_STATUS(strata_model_create_from_file(conv_pool, &options, &model), STRATA_ERROR_INVALID_ARGUMENT, "memory_limit");
    // A built-in model's input over the limit is refused when it is made.
    options.memory_limit = 1000;
    CHECK_STATUS(strata_model_create_from_file("seednet", &options, &model), STRATA_ERROR_MEMORY_LIMIT, "input");

    // --- An ONNX symbolic batch: output shape [-1, 5]; options.batch fixes it at 3.
    const char * flatten = fixture_path(root, "Tests/Fixtures/onnx/dynamic_flatten.onnx");
    char flatten_path[4096];
    snprintf(flatten_path, sizeof flatten_path, "%s", flatten);
    const char * flatten_fixture = fixture_path(root, "Tests/Fixtures/onnx/dynamic_flatten.safetensors");
    fixture_value x3 = value(flatten_fixture, "batch3/input:x"), logits3 = value(flatten_fixture, "batch3/expected:logits");
    status = strata_model_create_from_file(flatten_path, NULL, &model);
    CHECK(status == STRATA_OK, "dynamic_flatten: %s", strata_last_error());
    rank = output_shape(model, 0, dims);
    CHECK(rank == 2 && dims[0] == -1 && dims[1] == 5, "dynamic_flatten's logits: [%lld, %lld], expected [-1, 5]",
          (long long)dims[0], (long long)dims[1]);
    strata_model_release(model);
    options = strata_options_default();
    options.batch = 3;
    status = strata_model_create_from_file(flatten_path, &options, &model);
    CHECK(status == STRATA_OK, "dynamic_flatten, batch 3: %s", strata_last_error());
    rank = output_shape(model, 0, dims);
    CHECK(rank == 2 && dims[0] == 3 && dims[1] == 5, "batch 3 logits: [%lld, %lld], expected [3, 5]", (long long)dims[0],
          (long long)dims[1]);
    strata_input in3 = {"x", x3.data, x3.rank, x3.shape};
    run_and_compare(model, &in3, 1, "logits", &logits3, "dynamic_flatten at batch 3");
    strata_model_release(model);

    // --- A 5-D output that follows height and width: [1, 3, -1, -1, 6].
    status = strata_model_create_from_file(fixture_path(root, "Tests/Fixtures/onnx/yolo_anchor_grid.onnx"), NULL, &model);
    CHECK(status == STRATA_OK, "yolo_anchor_grid: %s", strata_last_error());
    size_t outputs = 0;
    CHECK(strata_model_output_count(model, &outputs) == STRATA_OK && outputs == 2, "outputs %zu, expected 2", outputs);
    for (size_t o = 0; o < outputs; o++) {
        rank = output_shape(model, o, dims);
        CHECK(rank == 5 && dims[0] == 1 && dims[1] == 3 && dims[2] == -1 && dims[3] == -1 && (dims[4] == 6 || dims[4] == 2),
              "yolo output %zu: rank %zu [%lld, %lld, %lld, %lld, %lld]", o, rank, (long long)dims[0], (long long)dims[1],
              (long long)dims[2], (long long)dims[3], (long long)dims[4]);
    }
    CHECK_STATUS(strata_model_output_shape(model, 0, dims, 2, &rank), STRATA_ERROR_BUFFER_TOO_SMALL, "rank 5");
    CHECK(rank == 5, "a too-small dims buffer reports rank %zu, expected 5", rank);
    strata_model_release(model);

    // --- Built-in weights as bytes: the golden seednet weights, as run_model loads by path.
    size_t weights_size = 0;
    void * weights = read_file(argv[2], &weights_size);
    options = strata_options_default();
    options.weights_data = weights;
    options.weights_size = weights_size;
    status = strata_model_create_from_file("seednet", &options, &model);
    CHECK(status == STRATA_OK, "seednet with weights_data: %s: %s", strata_status_name(status), strata_last_error());
    const char * golden = fixture_path(root, "Tests/Fixtures/golden/seednet.safetensors");
    char golden_path[4096];
    snprintf(golden_path, sizeof golden_path, "%s", golden);
    fixture_value input = value(golden_path, "input"), expected = value(golden_path, "expected");
    strata_input in = {NULL, input.data, input.rank, input.shape};
    if (model != NULL) run_and_compare(model, &in, 1, NULL, &expected, "seednet, weights as bytes");
    strata_model_release(model);
    options.weights_path = argv[2];
    CHECK_STATUS(strata_model_create_from_file("seednet", &options, &model), STRATA_ERROR_INVALID_ARGUMENT, "both set");
    options.weights_path = NULL;
    options.weights_size = 40;  // the first 40 bytes: a header that claims more than is there
    CHECK_STATUS(strata_model_create_from_file("seednet", &options, &model), STRATA_ERROR_INVALID_MODEL, "weights_data");
    options.weights_data = NULL;
    CHECK_STATUS(strata_model_create_from_file("seednet", &options, &model), STRATA_ERROR_NULL_POINTER, "weights_data");
    free(weights);

    free(x32.data);
    free(logits32.data);
    free(x45.data);
    free(x3.data);
    free(logits3.data);
    free(input.data);
    free(expected.data);
    if (failures > 0) {
        fprintf(stderr, "create_options: %d check(s) failed\n", failures);
        return 1;
    }
    printf("create_options: ONNX bytes, dimensions, batch, memory limit, weights bytes, threads, types and output shapes checked\n");
    return 0;
}
