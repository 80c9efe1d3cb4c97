// Reading the test fixtures' safetensors files from C: just enough for Tests/C (float32
// tensors, the flat JSON header Python's safetensors writes: "key":{"dtype":..,"shape":[..],
// "data_offsets":[begin,end]}). Not a general JSON parser.
#ifndef SAFETENSORS_FIXTURE_H
#define SAFETENSORS_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

// The float32 tensor `key` of the safetensors file `path`: a malloc'ed array (the caller
// frees it) with its element count, rank and shape (up to 8 dimensions), or NULL when the
// file cannot be read or has no such float32 tensor.
static float * fixture_tensor(const char * path, const char * key, size_t * count, size_t * rank, int64_t shape[8]) {
    FILE * file = fopen(path, "rb");
    if (file == NULL) return NULL;
    unsigned char length_bytes[8];
    float * result = NULL;
    char * header = NULL;
    if (fread(length_bytes, 1, 8, file) != 8) goto done;
    uint64_t length = 0;
    for (int i = 7; i >= 0; i--) length = length << 8 | length_bytes[i];
    if (length > 1 << 24) goto done;
    header = calloc(length + 1, 1);
    if (header == NULL || fread(header, 1, length, file) != length) goto done;
    char quoted[512];
    snprintf(quoted, sizeof quoted, "\"%s\":{", key);
    const char * entry = strstr(header, quoted);
    if (entry == NULL) goto done;
    const char * end_of_entry = strchr(entry + strlen(quoted), '}');
    const char * dtype = strstr(entry, "\"dtype\":\"F32\"");
    const char * shape_text = strstr(entry, "\"shape\":[");
    const char * offsets = strstr(entry, "\"data_offsets\":[");
    if (end_of_entry == NULL || dtype == NULL || dtype > end_of_entry || shape_text == NULL || offsets == NULL
        || offsets > end_of_entry)
        goto done;
    *rank = 0;
    const char * cursor = shape_text + strlen("\"shape\":[");
    while (*cursor != ']' && *rank < 8) {
        char * after;
        shape[(*rank)++] = strtoll(cursor, &after, 10);
        cursor = *after == ',' ? after + 1 : after;
        if (after == cursor && *cursor != ']') goto done;
    }
    unsigned long long begin, end;
    if (sscanf(offsets, "\"data_offsets\":[%llu,%llu]", &begin, &end) != 2 || end < begin) goto done;
    *count = (end - begin) / sizeof(float);
    result = malloc(end - begin + 1);
    if (result == NULL || fseek(file, (long)(8 + length + begin), SEEK_SET) != 0
        || fread(result, sizeof(float), *count, file) != *count) {
        free(result);
        result = NULL;
    }
done:
    free(header);
    fclose(file);
    return result;
}

// sqrt(sum (a - e)^2) / sqrt(sum e^2), as Strata's TensorComparison.relativeError (0 when both
// are all zeros).
static double fixture_relative_error(const float * actual, const float * expected, size_t count) {
    double difference = 0, norm = 0;
    for (size_t i = 0; i < count; i++) {
        difference += ((double)actual[i] - expected[i]) * ((double)actual[i] - expected[i]);
        norm += (double)expected[i] * expected[i];
    }
    return norm == 0 ? sqrt(difference) : sqrt(difference) / sqrt(norm);
}

#endif
