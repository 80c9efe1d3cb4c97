// strata.h: the C API of Strata, a CPU engine for convolutional networks.
//
// Link with -lstrata (libstrata.so, the `strata` library product of the Swift package).
//
//   strata_model * model = NULL;
//   if (strata_model_create_from_file("seednet", NULL, &model) != STRATA_OK) {
//       fprintf(stderr, "%s\n", strata_last_error());
//   }
//   const int64_t shape[4] = {1, 1, 28, 28};
//   strata_input  in  = { "input", pixels, 4, shape };
//   strata_output out = { NULL, probabilities, 10 };     // NULL: the first graph output
//   strata_model_run(model, &in, 1, &out, 1);            // out.shape = {1, 10}, out.rank = 2
//   strata_model_release(model);
//
// Conventions (every function):
//   - Returns a strata_status. STRATA_OK is 0; on any other status the function has written
//     nothing through its out-parameters except where documented (the shape of an output
//     whose buffer is too small), and strata_last_error() describes what was wrong and what
//     was expected.
//   - Every pointer, count and handle is checked before use: a NULL pointer, a count that does
//     not fit, an unknown name or a released handle is a status, never a crash. No Swift error
//     or trap crosses this boundary. (Pointers are checked for NULL only: a dangling or too
//     short buffer is the caller's responsibility, as in C's own library.)
//   - Tensors are float32, dense, row-major (C order; NCHW for images). Shapes are int64_t.
//   - Strings passed in are UTF-8, NUL-terminated, and only read during the call.
//   - A strata_model may be used by many threads at once (strata_model_run included); it must
//     not be released while another thread is still using it.

#ifndef STRATA_H
#define STRATA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// The version this header describes. strata_version() gives the library's version, which
// should match STRATA_VERSION when the header and the library come from the same build.
#define STRATA_VERSION_MAJOR 0
#define STRATA_VERSION_MINOR 13
#define STRATA_VERSION_PATCH 0
#define STRATA_VERSION "0.13.0"

// The most dimensions a tensor has in this API (strata_output.shape's length).
#define STRATA_MAX_RANK 8

// What a call did. Values are stable: new statuses are only ever appended.
typedef enum strata_status {
    STRATA_OK = 0,
    // A required pointer argument was NULL.
    STRATA_ERROR_NULL_POINTER = 1,
    // An argument out of range: a count, an index, an unknown or repeated input or output
    // name, an options struct of the wrong size, a thread count < 0, a rank > STRATA_MAX_RANK.
    STRATA_ERROR_INVALID_ARGUMENT = 2,
    // A strata_model that was never created by this library or was already released.
    STRATA_ERROR_INVALID_HANDLE = 3,
    // The model could not be loaded: a missing or malformed file, an unknown built-in name,
    // an operator Strata does not support, weights that do not fit the architecture.
    STRATA_ERROR_INVALID_MODEL = 4,
    // Input shapes the model cannot take (wrong rank, a fixed dimension that differs, sizes
    // a layer cannot take).
    STRATA_ERROR_SHAPE = 5,
    // A caller-provided buffer holds fewer elements than the result needs.
    STRATA_ERROR_BUFFER_TOO_SMALL = 6,
    // The run would need more memory than the memory limit (STRATA_MEMORY_LIMIT) allows.
    STRATA_ERROR_MEMORY_LIMIT = 7,
    // Anything else; the message says what. Please report it.
    STRATA_ERROR_INTERNAL = 8,
} strata_status;

// The element type of a model's inputs and outputs; the values are ONNX's
// TensorProto.DataType codes. Strata computes in float32 only: every input and output is
// STRATA_FLOAT32 (an ONNX output of integer type, such as ArgMax's, arrives as float32 values).
typedef enum strata_element_type {
    STRATA_FLOAT32 = 1,
} strata_element_type;

// A model: an ONNX graph or a built-in architecture, ready to run on inputs of any size its
// signature allows (symbolic dimensions are bound by each run's input shapes; the compiled
// plan for each set of shapes is cached). Opaque; create with strata_model_create_from_file,
// release with strata_model_release. A handle is never reused after release.
typedef struct strata_model strata_model;

// How strata_model_create_from_file makes a model. Start from strata_options_default() and
// change fields: struct_size lets later versions add fields without breaking callers.
typedef struct strata_options {
    // sizeof(strata_options), set by strata_options_default(). Any other value is
    // STRATA_ERROR_INVALID_ARGUMENT.
    size_t struct_size;
    // Threads the model's kernels run on. 0: the process default (STRATA_NUM_THREADS, else one
    // per core). More than the cores is clamped to the cores. < 0: invalid.
    int32_t threads;
    // Built-in models only: a safetensors file of PyTorch state_dict names to load weights
    // from; NULL for seeded weights (seed 1, the weights `strata run NAME` uses). Must be NULL
    // for an ONNX file (it carries its own weights).
    const char * weights_path;
    // Built-in models: the input is [batch, C, image_size, image_size]; 0: batch 1 and the
    // model's default size (28 for seednet, 224 for the others).
    // ONNX: `batch` > 0 fixes a symbolic first dimension of every input (PyTorch's
    // dynamic_axes batch); image_size must be 0.
    int64_t batch;
    int64_t image_size;
    // The most bytes one compiled plan of this model may take (activation arena, convolution
    // workspace and inputs, per set of input shapes); a run that needs more returns
    // STRATA_ERROR_MEMORY_LIMIT. 0: only the process-wide limit (STRATA_MEMORY_LIMIT, by
    // default half the usable memory), which always applies too. < 0: invalid.
    int64_t memory_limit;
    // ONNX only: sizes for symbolic dimensions by name (an ONNX dim_param such as "height"),
    // as onnxruntime's free dimension overrides. An input dimension so fixed is no longer
    // symbolic (strata_model_input_shape reports the size). NULL when n_dimensions is 0.
    const struct strata_dimension * dimensions;
    size_t n_dimensions;
    // Built-in models only: the safetensors weights as bytes (read during the call only),
    // instead of weights_path. NULL when weights_size is 0.
    const void * weights_data;
    size_t weights_size;
} strata_options;

// A size for a named symbolic dimension (strata_options.dimensions).
typedef struct strata_dimension {
    const char * name;
    int64_t size;
} strata_dimension;

// One input of strata_model_run: `data` holds the product of `shape[0..rank)` floats.
typedef struct strata_input {
    // The graph input's name (strata_model_input_name). NULL only for a model with one input.
    const char * name;
    const float * data;
    size_t rank;
    const int64_t * shape;
} strata_input;

// One output of strata_model_run, into a buffer the caller owns, or of
// strata_model_run_alloc, into a buffer the library allocates.
typedef struct strata_output {
    // A graph output's name (strata_model_output_name) or any layer's name
    // (strata_model_layer_name: its feature map); NULL: the graph output at the same position
    // in the outputs array as this struct.
    const char * name;
    // strata_model_run: room for `capacity` floats, owned by the caller; may be NULL when
    // capacity is 0 (to ask for the shape). strata_model_run_alloc: ignored on input; set to
    // a buffer of exactly the output's element count, which the caller frees with
    // strata_free, and `capacity` to that count.
    float * data;
    size_t capacity;
    // Written by strata_model_run: the output's shape and rank. Also written when `capacity`
    // is too small (STRATA_ERROR_BUFFER_TOO_SMALL), so a caller can allocate and run again.
    int64_t shape[STRATA_MAX_RANK];
    size_t rank;
} strata_output;

// The library's version, "MAJOR.MINOR.PATCH" (static storage; never NULL).
const char * strata_version(void);

// A short constant name for `status`, such as "STRATA_ERROR_SHAPE" (static; never NULL).
const char * strata_status_name(strata_status status);

// The message of the last call on this thread that did not return STRATA_OK; "" if none has
// failed. Owned by the library, per thread: valid until the next failing strata_ call on the
// same thread. Successful calls leave it unchanged (like errno).
const char * strata_last_error(void);

// Options with every field at its default: struct_size set, threads 0, no weights file,
// batch and image_size 0.
strata_options strata_options_default(void);

// Creates a model from `path`: a file ending in .onnx (imported; symbolic dimensions stay
// symbolic and are bound by each run), or a built-in model name ("seednet", "resnet18",
// "resnet34", "resnet50", "vgg11", "vgg16", "mobilenetv2"). `options` may be NULL (defaults).
// On success *out is a new handle the caller releases with strata_model_release; on failure
// *out is set to NULL.
// Errors: NULL_POINTER (path or out), INVALID_ARGUMENT (options), INVALID_MODEL, MEMORY_LIMIT.
strata_status strata_model_create_from_file(const char * path, const strata_options * options, strata_model ** out);

// Creates a model from the bytes of an ONNX file (`size` bytes at `data`, read during the call
// only). Options and errors as strata_model_create_from_file; weights_path, weights_data and
// image_size must be unset.
strata_status strata_model_create_from_memory(const void * data, size_t size, const strata_options * options,
                                              strata_model ** out);

// Releases `model`. NULL is a no-op returning STRATA_OK (like free). A handle already released
// is STRATA_ERROR_INVALID_HANDLE. Strings the model returned become invalid.
strata_status strata_model_release(strata_model * model);

// The number of graph inputs, into *out_count.
strata_status strata_model_input_count(const strata_model * model, size_t * out_count);

// The name of input `index` (0 ..< count), into *out_name. The string belongs to the model
// and stays valid until the model is released.
strata_status strata_model_input_name(const strata_model * model, size_t index, const char ** out_name);

// The shape of input `index`: its rank into *out_rank and its dimensions into
// dims[0 .. rank), -1 for a symbolic dimension (bound by each run). `dims` may be NULL when
// dims_capacity is 0, to ask for the rank. If dims_capacity < rank: *out_rank is set,
// nothing is written to dims, STRATA_ERROR_BUFFER_TOO_SMALL.
strata_status strata_model_input_shape(const strata_model * model, size_t index, int64_t * dims, size_t dims_capacity,
                                       size_t * out_rank);

// The number of graph outputs, into *out_count.
strata_status strata_model_output_count(const strata_model * model, size_t * out_count);

// The name of output `index` (0 ..< count), into *out_name (owned by the model, as above).
strata_status strata_model_output_name(const strata_model * model, size_t index, const char ** out_name);

// The element type of input `index` (always STRATA_FLOAT32 in this version), into *out_type.
strata_status strata_model_input_type(const strata_model * model, size_t index, strata_element_type * out_type);

// The element type of output `index` (always STRATA_FLOAT32 in this version), into *out_type.
strata_status strata_model_output_type(const strata_model * model, size_t index, strata_element_type * out_type);

// The shape of output `index`, as strata_model_input_shape: -1 for a dimension that depends
// on a symbolic input size. (For a model with symbolic inputs Strata builds the graph at two
// sizes of its symbolic dimensions and reports -1 where the output differs; the exact shape
// of a run is written into its strata_output.) Errors as strata_model_input_shape, and SHAPE
// when the graph cannot be built at those sizes.
strata_status strata_model_output_shape(const strata_model * model, size_t index, int64_t * dims, size_t dims_capacity,
                                        size_t * out_rank);

// The number of layers (graph nodes, inputs included) whose feature maps a run can return,
// into *out_count. For a model with symbolic inputs, the nodes of its graph built for
// size 224 in every symbolic dimension; names do not depend on sizes.
strata_status strata_model_layer_count(const strata_model * model, size_t * out_count);

// The name of layer `index` (0 ..< count) in execution order, into *out_name (owned by the
// model). Pass it as a strata_output name to receive that layer's output.
strata_status strata_model_layer_name(const strata_model * model, size_t index, const char ** out_name);

// A table of every layer: name, operator, output shape, parameters, multiply-adds and
// receptive field (what `strata summary` prints), for the input shapes in `inputs` (data may
// be NULL; n_inputs 0 for a model without symbolic dimensions). On success *out_text is a
// NUL-terminated string the caller frees with strata_free.
// Errors: NULL_POINTER, INVALID_HANDLE, INVALID_ARGUMENT (inputs as strata_model_run), SHAPE.
strata_status strata_model_summary(const strata_model * model, const strata_input * inputs, size_t n_inputs,
                                   char ** out_text);

// Sets the threads `model`'s later runs use: > 0 that many (clamped to the cores), 0 the
// process default. Runs already under way finish on the threads they had.
// Errors: INVALID_HANDLE, INVALID_ARGUMENT (threads < 0).
strata_status strata_model_set_threads(strata_model * model, int32_t threads);

// Runs `model` on `n_inputs` inputs (one per graph input, each named once, in any order) and
// writes `n_outputs` requested outputs (at least 1: graph outputs, or any layers' feature
// maps by name, each named once) into the callers' buffers. Inputs are copied in; nothing is kept after the call returns. The first run at a
// new set of input shapes plans and compiles the graph for them (cached for later runs).
// Errors: NULL_POINTER (model, inputs, outputs, a name where one is required, data or shape
// with a non-zero count), INVALID_HANDLE, INVALID_ARGUMENT (counts, names, rank),
// SHAPE, BUFFER_TOO_SMALL (shapes written, see strata_output), MEMORY_LIMIT.
// On any error no output data has been written (on BUFFER_TOO_SMALL every output's shape
// and rank have).
strata_status strata_model_run(strata_model * model, const strata_input * inputs, size_t n_inputs,
                               strata_output * outputs, size_t n_outputs);

// As strata_model_run, but each output's `data` is allocated by the library (exactly its
// element count, set into `capacity`); the caller frees each with strata_free. On any error
// no buffer is allocated (every data is set to NULL).
strata_status strata_model_run_alloc(strata_model * model, const strata_input * inputs, size_t n_inputs,
                                     strata_output * outputs, size_t n_outputs);

// Frees a buffer this library allocated (strata_model_run_alloc's outputs,
// strata_model_summary's text). NULL is a no-op.
void strata_free(void * pointer);

#ifdef __cplusplus
}
#endif

#endif // STRATA_H
