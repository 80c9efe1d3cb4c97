// One strata_model shared by 8 pthreads (strata.h: a model may be used by many threads at
// once): each thread runs seednet on its own input 20 times and every result must equal what
// a single thread computed for that input before the threads started. The per-thread
// strata_last_error() is checked too: a thread's failure message is not another thread's.
// Built and run by Scripts/test-c:  run_threads REPO_ROOT WEIGHTS (both unused: seeded weights).
#include "strata.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { THREADS = 8, RUNS = 20, PIXELS = 28 * 28, CLASSES = 10 };

static strata_model * model;
static float inputs[THREADS][PIXELS];
static float expected[THREADS][CLASSES];
static const int64_t shape[4] = {1, 1, 28, 28};

static strata_status run(const float * input, float * output) {
    strata_input in = {NULL, input, 4, shape};
    strata_output out = {NULL, output, CLASSES, {0}, 0};
    return strata_model_run(model, &in, 1, &out, 1);
}

typedef struct {
    int index;
    int mismatches;
    int errors;
    int message_mixups;
} job;

static void * worker(void * argument) {
    job * work = argument;
    for (int r = 0; r < RUNS; r++) {
        float output[CLASSES];
        if (run(inputs[work->index], output) != STRATA_OK) {
            work->errors++;
            continue;
        }
        if (memcmp(output, expected[work->index], sizeof output) != 0) work->mismatches++;
        // An error on odd threads only; even threads must keep seeing their own (empty) message.
        if (work->index % 2 == 1) {
            (void)strata_model_input_count(model, NULL);
            if (strstr(strata_last_error(), "out_count is NULL") == NULL) work->message_mixups++;
        } else if (strcmp(strata_last_error(), "") != 0) {
            work->message_mixups++;
        }
    }
    return NULL;
}

int main(void) {
    strata_options options = strata_options_default();
    options.threads = 1;
    if (strata_model_create_from_file("seednet", &options, &model) != STRATA_OK) {
        fprintf(stderr, "run_threads: create seednet: %s\n", strata_last_error());
        return 1;
    }
    // Distinct deterministic inputs (a linear congruential sequence in [-1, 1)).
    unsigned state = 12345;
    for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < PIXELS; i++) {
            state = state * 1103515245u + 12345u;
            inputs[t][i] = (float)((state >> 8) & 0xFFFF) / 32768.0f - 1.0f;
        }
        if (run(inputs[t], expected[t]) != STRATA_OK) {
            fprintf(stderr, "run_threads: single-thread run: %s\n", strata_last_error());
            return 1;
        }
    }
    pthread_t threads[THREADS];
    job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (job){t, 0, 0, 0};
        if (pthread_create(&threads[t], NULL, worker, &jobs[t]) != 0) {
            fprintf(stderr, "run_threads: pthread_create failed\n");
            return 1;
        }
    }
    int failures = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        if (jobs[t].errors + jobs[t].mismatches + jobs[t].message_mixups > 0) {
            fprintf(stderr, "FAIL thread %d: %d failed runs, %d results differing from the single-thread run, %d wrong last-error messages\n",
                    t, jobs[t].errors, jobs[t].mismatches, jobs[t].message_mixups);
            failures++;
        }
    }
    if (strata_model_release(model) != STRATA_OK) failures++;
    if (failures > 0) return 1;
    printf("run_threads: %d threads x %d runs of one model equal the single-thread results\n", THREADS, RUNS);
    return 0;
}
