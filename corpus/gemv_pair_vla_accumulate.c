/*
 * Two matrix-vector products accumulated into their outputs, one plain and one transposed, in one
 * function over variable-length 2-D array parameters; the sum is written out as `x = x + a * b`, as
 * benchmark suites write it (n = 300).
 */
#include <stdio.h>

static unsigned int seed = 20261202u;

static double next_value(void)
{
    seed = seed * 1103515245u + 12345u;
    return (double)((seed >> 9) & 0xffff) / 32768.0 - 1.0;
}

static void fill_vector(int n, double v[n])
{
    for (int i = 0; i < n; i++)
        v[i] = next_value();
}

static void print_checksum(const char *name, int n, const double v[n])
{
    double s = 0.0, w = 0.0;
    for (int i = 0; i < n; i++) {
        s += v[i];
        w += v[i] * (double)(i % 11 + 1);
    }
    printf("%s: sum=%.6g wsum=%.6g first=%.6f last=%.6f\n", name, s, w, v[0], v[n - 1]);
}

void pair_products(int n, double out1[n], double out2[n], const double in1[n], const double in2[n],
                   double mat[n][n])
{
    int i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            out1[i] = out1[i] + mat[i][j] * in1[j];
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            out2[i] = mat[j][i] * in2[j] + out2[i];
}

int main(void)
{
    enum { N = 300 };
    static double mat[N][N], out1[N], out2[N], in1[N], in2[N];
    for (int i = 0; i < N; i++)
        fill_vector(N, mat[i]);
    fill_vector(N, in1);
    fill_vector(N, in2);
    fill_vector(N, out1);
    fill_vector(N, out2);
    pair_products(N, out1, out2, in1, in2, mat);
    print_checksum("out1", N, out1);
    print_checksum("out2", N, out2);
    return 0;
}
