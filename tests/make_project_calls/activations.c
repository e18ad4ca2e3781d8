/* Bias, ReLU and softmax; the bias-and-ReLU pass uses SSE intrinsics directly. */
#include <emmintrin.h>
#include <math.h>
#include "mlp.h"

void add_bias_relu(int rows, int cols, const float *bias, float *y)
{
    const __m128 zero = _mm_setzero_ps();
    for (int r = 0; r < rows; r++) {
        float *row = y + r * cols;
        int c = 0;
        for (; c + 4 <= cols; c += 4) {
            __m128 v = _mm_add_ps(_mm_loadu_ps(row + c), _mm_loadu_ps(bias + c));
            _mm_storeu_ps(row + c, _mm_max_ps(v, zero));
        }
        for (; c < cols; c++) {
            float v = row[c] + bias[c];
            row[c] = v > 0.0f ? v : 0.0f;
        }
    }
}

void softmax_rows(int rows, int cols, float *y)
{
    for (int r = 0; r < rows; r++) {
        float *row = y + r * cols;
        float top = row[0], sum = 0.0f;
        for (int c = 1; c < cols; c++)
            if (row[c] > top)
                top = row[c];
        for (int c = 0; c < cols; c++) {
            row[c] = expf(row[c] - top);
            sum += row[c];
        }
        for (int c = 0; c < cols; c++)
            row[c] /= sum;
    }
}
