// ONNX files through the C API, against onnxruntime's outputs recorded next to them
// (Tests/Fixtures/onnx, see its README; relative error 1e-4 as ONNXConformanceTests):
// - symbolic_hw_conv_pool: input x [1, 3, height, width] reports -1 for the symbolic axes
//   and runs at three sizes through one handle (a plan per shape);
// - matmul_attention_scores: two named inputs, passed in the other order than the graph's.
// Built and run by Scripts/test-c:  run_onnx REPO_ROOT WEIGHTS (WEIGHTS unused)
#include "test_support.h"

int main(int argc, char ** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: run_onnx REPO_ROOT\n");
        return 2;
    }
    char model_path[4096], fixture[4096];

    // --- Symbolic height and width.
    snprintf(model_path, sizeof model_path, "%s/Tests/Fixtures/onnx/symbolic_hw_conv_pool.onnx", argv[1]);
    snprintf(fixture, sizeof fixture, "%s/Tests/Fixtures/onnx/symbolic_hw_conv_pool.safetensors", argv[1]);
    strata_model * model = NULL;
    strata_status status = strata_model_create_from_file(model_path, NULL, &model);
    CHECK(status == STRATA_OK, "load %s: %s: %s", model_path, strata_status_name(status), strata_last_error());
    if (model == NULL) return 1;
    int64_t dims[STRATA_MAX_RANK];
    size_t rank = 0;
    CHECK(strata_model_input_shape(model, 0, dims, STRATA_MAX_RANK, &rank) == STRATA_OK && rank == 4 && dims[0] == 1
              && dims[1] == 3 && dims[2] == -1 && dims[3] == -1,
          "x's shape: rank %zu [%lld, %lld, %lld, %lld], expected [1, 3, -1, -1]", rank, (long long)dims[0],
          (long long)dims[1], (long long)dims[2], (long long)dims[3]);
    const char * sets[] = {"32x32", "45x37", "64x48"};
    for (int s = 0; s < 3; s++) {
        char key[64];
        snprintf(key, sizeof key, "%s/input:x", sets[s]);
        fixture_value x = value(fixture, key);
        snprintf(key, sizeof key, "%s/expected:logits", sets[s]);
        fixture_value logits = value(fixture, key);
        strata_input in = {"x", x.data, x.rank, x.shape};
        char label[64];
        snprintf(label, sizeof label, "symbolic_hw_conv_pool at %s", sets[s]);
        run_and_compare(model, &in, 1, "logits", &logits, label);
        free(x.data);
        free(logits.data);
    }
    // A channel count the file fixes (3) cannot change: a shape error naming the input.
    fixture_value x = value(fixture, "32x32/input:x");
    int64_t four_channels[4] = {1, 4, 16, 16};
    strata_input wrong = {"x", x.data, 4, four_channels};
    float sink[10];
    strata_output out = {NULL, sink, 10, {0}, 0};
    status = strata_model_run(model, &wrong, 1, &out, 1);
    CHECK(status == STRATA_ERROR_SHAPE && strstr(strata_last_error(), "x") != NULL,
          "4 channels for a 3-channel input: %s: %s", strata_status_name(status), strata_last_error());
    free(x.data);
    CHECK(strata_model_release(model) == STRATA_OK, "release");

    // --- Two inputs, given in the other order.
    snprintf(model_path, sizeof model_path, "%s/Tests/Fixtures/onnx/matmul_attention_scores.onnx", argv[1]);
    snprintf(fixture, sizeof fixture, "%s/Tests/Fixtures/onnx/matmul_attention_scores.safetensors", argv[1]);
    status = strata_model_create_from_file(model_path, NULL, &model);
    CHECK(status == STRATA_OK, "load %s: %s: %s", model_path, strata_status_name(status), strata_last_error());
    if (model == NULL) return 1;
    size_t count = 0;
    CHECK(strata_model_input_count(model, &count) == STRATA_OK && count == 2, "input count %zu, expected 2", count);
    fixture_value q = value(fixture, "input:q"), k = value(fixture, "input:k"), scores = value(fixture, "expected:matmul2");
    const char * first = NULL;
    CHECK(strata_model_input_name(model, 0, &first) == STRATA_OK && first != NULL, "input 0's name");
    // Whichever the graph lists first goes second.
    int q_first = first != NULL && strcmp(first, "q") == 0;
    strata_input q_in = {"q", q.data, q.rank, q.shape}, k_in = {"k", k.data, k.rank, k.shape};
    strata_input inputs[2] = {q_first ? k_in : q_in, q_first ? q_in : k_in};
    run_and_compare(model, inputs, 2, NULL, &scores, "matmul_attention_scores");
    // A two-input model needs names.
    strata_input unnamed[2] = {{NULL, q.data, q.rank, q.shape}, k_in};
    status = strata_model_run(model, unnamed, 2, &out, 1);
    CHECK(status == STRATA_ERROR_NULL_POINTER && strstr(strata_last_error(), "needs each named") != NULL,
          "unnamed input of a two-input model: %s: %s", strata_status_name(status), strata_last_error());
    CHECK(strata_model_release(model) == STRATA_OK, "release");
    free(q.data);
    free(k.data);
    free(scores.data);

    // --- An empty input ([2, 0, 4], ONNX allows size 0): NULL data is fine for it.
    snprintf(model_path, sizeof model_path, "%s/Tests/Fixtures/onnx/concat_empty_input.onnx", argv[1]);
    snprintf(fixture, sizeof fixture, "%s/Tests/Fixtures/onnx/concat_empty_input.safetensors", argv[1]);
    status = strata_model_create_from_file(model_path, NULL, &model);
    CHECK(status == STRATA_OK, "load %s: %s: %s", model_path, strata_status_name(status), strata_last_error());
    if (model == NULL) return 1;
    fixture_value ex = value(fixture, "input:x"), joined = value(fixture, "expected:concat2");
    const int64_t empty_shape[3] = {2, 0, 4};
    strata_input both[2] = {{"x", ex.data, ex.rank, ex.shape}, {"empty", NULL, 3, empty_shape}};
    run_and_compare(model, both, 2, NULL, &joined, "concat_empty_input");
    CHECK(strata_model_release(model) == STRATA_OK, "release");
    free(ex.data);
    free(joined.data);

    if (failures > 0) {
        fprintf(stderr, "run_onnx: %d check(s) failed\n", failures);
        return 1;
    }
    printf("run_onnx: a symbolic-size model at 3 sizes, a two-input model and an empty input match onnxruntime\n");
    return 0;
}
