/* c = a × b for n × n matrices of doubles stored row by row. Called with n up to 128. */

// EVOLVE-BLOCK-START
#define BLOCK_I 4
#define BLOCK_K 4
#define BLOCK_J 4

void matmul(int n, const double *a, const double *b, double *c) {
  for (int i = 0; i < n * n; i++) c[i] = 0.0;
  for (int ii = 0; ii < n; ii += BLOCK_I)
    for (int kk = 0; kk < n; kk += BLOCK_K)
      for (int jj = 0; jj < n; jj += BLOCK_J)
        for (int i = ii; i < ii + BLOCK_I && i < n; i++)
          for (int k = kk; k < kk + BLOCK_K && k < n; k++) {
            double aik = a[i * n + k];
            for (int j = jj; j < jj + BLOCK_J && j < n; j++) c[i * n + j] += aik * b[k * n + j];
          }
}
// EVOLVE-BLOCK-END
