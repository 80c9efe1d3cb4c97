// Feature maps, library-allocated outputs and the summary through the C API, against
// onnxruntime's intermediate values of symbolic_hw_conv_pool.onnx at 45x37
// (Tests/C/fixtures/feature_maps.safetensors, written by make-feature-maps.py next to it):
// - strata_model_layer_count/_name list the graph's nodes, the recorded ones among them;
// - strata_model_run_alloc returns the graph output and five layers' outputs (conv1 is
//   followed by BatchNorm, which must not be folded into a captured conv1), freed with
//   strata_free; strata_model_run gives a layer into a caller buffer too;
// - an unknown layer name, a NULL name past the graph outputs, and the summary's rules.
// Built and run by Scripts/test-c:  feature_maps REPO_ROOT WEIGHTS (WEIGHTS unused)
#include "test_support.h"

static const char * const maps[] = {"conv1", "relu3", "maxpool4", "conv5", "globalaveragepool7"};
enum { n_maps = sizeof maps / sizeof maps[0] };

int main(int argc, char ** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: feature_maps REPO_ROOT\n");
        return 2;
    }
    char model_path[4096], fixture[4096], case_fixture[4096];
    snprintf(model_path, sizeof model_path, "%s/Tests/Fixtures/onnx/symbolic_hw_conv_pool.onnx", argv[1]);
    snprintf(case_fixture, sizeof case_fixture, "%s/Tests/Fixtures/onnx/symbolic_hw_conv_pool.safetensors", argv[1]);
    snprintf(fixture, sizeof fixture, "%s/Tests/C/fixtures/feature_maps.safetensors", argv[1]);
    strata_model * model = NULL;
    strata_status status = strata_model_create_from_file(model_path, NULL, &model);
    CHECK(status == STRATA_OK, "load: %s: %s", strata_status_name(status), strata_last_error());
    if (model == NULL) return 1;

    // The layers: every recorded map is one of them.
    size_t layers = 0;
    CHECK(strata_model_layer_count(model, &layers) == STRATA_OK && layers >= n_maps + 2,
          "layer count %zu; expected the input, 9 nodes", layers);
    for (size_t m = 0; m < n_maps; m++) {
        int found = 0;
        for (size_t index = 0; index < layers; index++) {
            const char * name = NULL;
            CHECK(strata_model_layer_name(model, index, &name) == STRATA_OK && name != NULL, "layer %zu's name", index);
            if (name != NULL && strcmp(name, maps[m]) == 0) found = 1;
        }
        CHECK(found, "layer '%s' is not among the %zu layers", maps[m], layers);
    }
    const char * name = NULL;
    CHECK_STATUS(strata_model_layer_name(model, layers, &name), STRATA_ERROR_INVALID_ARGUMENT, "out of range");

    // The graph output and five maps in one run, into buffers the library allocates.
    fixture_value x = value(fixture, "input:x"), logits = value(case_fixture, "45x37/expected:logits");
    strata_input in = {"x", x.data, x.rank, x.shape};
    strata_output outputs[1 + n_maps];
    memset(outputs, 0, sizeof outputs);
    outputs[0].name = NULL;  // the graph output, logits
    for (size_t m = 0; m < n_maps; m++) outputs[1 + m].name = maps[m];
    status = strata_model_run_alloc(model, &in, 1, outputs, 1 + n_maps);
    CHECK(status == STRATA_OK, "run_alloc: %s: %s", strata_status_name(status), strata_last_error());
    if (status == STRATA_OK) {
        for (size_t o = 0; o < 1 + n_maps; o++) {
            char key[64];
            snprintf(key, sizeof key, "map:%s", o == 0 ? "" : maps[o - 1]);
            fixture_value expected = o == 0 ? logits : value(fixture, key);
            const char * label = o == 0 ? "logits" : maps[o - 1];
            CHECK(outputs[o].data != NULL && outputs[o].capacity == expected.count,
                  "%s: capacity %zu, expected %zu floats", label, outputs[o].capacity, expected.count);
            CHECK(same_shape(&outputs[o], &expected), "%s: shape of rank %zu differs from onnxruntime's", label, outputs[o].rank);
            if (outputs[o].data != NULL && outputs[o].capacity == expected.count) {
                double error = fixture_relative_error(outputs[o].data, expected.data, expected.count);
                CHECK(error <= 1e-4, "%s: relative error %g against onnxruntime > 1e-4", label, error);
            }
            if (o > 0) free(expected.data);
            strata_free(outputs[o].data);
        }
    }
    // A layer into the caller's buffer, alone.
    fixture_value relu3 = value(fixture, "map:relu3");
    run_and_compare(model, &in, 1, "relu3", &relu3, "relu3 into a caller buffer");

    // Misuse: an unknown layer, a NULL name past the graph's one output; run_alloc leaves
    // every data NULL on failure.
    float sink[16];
    strata_output unknown = {"conv9", sink, 16, {0}, 0};
    CHECK_STATUS(strata_model_run(model, &in, 1, &unknown, 1), STRATA_ERROR_INVALID_ARGUMENT, "neither an output");
    strata_output two[2] = {{NULL, NULL, 0, {0}, 0}, {NULL, NULL, 0, {0}, 0}};
    two[0].data = sink;  // must be reset to NULL
    CHECK_STATUS(strata_model_run_alloc(model, &in, 1, two, 2), STRATA_ERROR_NULL_POINTER, "name the layer");
    CHECK(two[0].data == NULL && two[1].data == NULL, "run_alloc left a data pointer set after a failure");
    strata_free(NULL);

    // The summary: at the run's shapes it lists conv5's output [1, 12, 12, 10]; without
    // shapes a symbolic model is refused, naming its dimensions.
    char * text = NULL;
    status = strata_model_summary(model, &in, 1, &text);
    CHECK(status == STRATA_OK && text != NULL, "summary: %s: %s", strata_status_name(status), strata_last_error());
    if (text != NULL) {
        CHECK(strstr(text, "conv5") != NULL && strstr(text, "[1, 12, 12, 10]") != NULL,
              "the summary lacks conv5 and its shape [1, 12, 12, 10]:\n%s", text);
        strata_free(text);
    }
    CHECK_STATUS(strata_model_summary(model, NULL, 0, &text), STRATA_ERROR_INVALID_ARGUMENT, "height");
    CHECK(text == NULL, "a failed summary left text set");

    free(x.data);
    free(logits.data);
    free(relu3.data);
    CHECK(strata_model_release(model) == STRATA_OK, "release");

    // A model that only takes seq = 5 cannot list its layers at the probe size: before any
    // run that is SHAPE (saying how to get them); a feature map still comes with a run, and
    // afterwards the layers are those of the run's graph.
    char positional[4096], positional_fixture[4096];
    snprintf(positional, sizeof positional, "%s/Tests/C/fixtures/positional_seq5.onnx", argv[1]);
    snprintf(positional_fixture, sizeof positional_fixture, "%s/Tests/C/fixtures/positional_seq5.safetensors", argv[1]);
    status = strata_model_create_from_file(positional, NULL, &model);
    CHECK(status == STRATA_OK, "positional_seq5: %s: %s", strata_status_name(status), strata_last_error());
    if (model == NULL) return 1;
    CHECK_STATUS(strata_model_layer_count(model, &layers), STRATA_ERROR_SHAPE, "run it once");
    fixture_value x5 = value(positional_fixture, "input:x"), relu = value(positional_fixture, "map:relu");
    strata_input in5 = {"x", x5.data, x5.rank, x5.shape};
    run_and_compare(model, &in5, 1, "relu", &relu, "positional_seq5's relu at seq 5");
    status = strata_model_layer_count(model, &layers);
    CHECK(status == STRATA_OK, "positional_seq5's layers after a run: %s: %s", strata_status_name(status), strata_last_error());
    int has_relu = 0;
    for (size_t index = 0; status == STRATA_OK && index < layers; index++) {
        const char * layer = NULL;
        if (strata_model_layer_name(model, index, &layer) == STRATA_OK && strcmp(layer, "relu") == 0) has_relu = 1;
    }
    CHECK(has_relu, "positional_seq5's %zu layers after a run lack 'relu'", layers);
    CHECK_STATUS(strata_model_run(model, &in5, 1, &unknown, 1), STRATA_ERROR_INVALID_ARGUMENT, "conv9");
    free(x5.data);
    free(relu.data);
    CHECK(strata_model_release(model) == STRATA_OK, "release");
    if (failures > 0) {
        fprintf(stderr, "feature_maps: %d check(s) failed\n", failures);
        return 1;
    }
    printf("feature_maps: 5 layers' outputs and the graph output match onnxruntime at 45x37; summary and misuse checked\n");
    return 0;
}
