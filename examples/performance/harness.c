/*
 * The performance recipe's harness, linked with reference.c and the candidate. Modes:
 *
 *   harness check       prints the products for the check sizes, one "n v v v ..." line per size
 *                       (built with -DCHECK_REFERENCE it computes them with reference_matmul instead)
 *   harness time R N    R rounds at size N, each timing one reference call and one candidate call in
 *                       turn (CPU time of this thread); prints the minimum and median of each, in ns
 *   harness profile N   one candidate call at size N (for the gcov line counts of a --coverage build)
 *
 * Inputs are exact multiples of 1/256 from a fixed linear congruential generator, so every build sees the
 * same matrices. Results are printed last and the process ends with _exit, so that nothing the candidate
 * registered (atexit) runs after them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void reference_matmul(int n, const double *a, const double *b, double *c);
#ifndef CHECK_REFERENCE
void matmul(int n, const double *a, const double *b, double *c);
#else
#define matmul reference_matmul
#endif

static const int check_sizes[] = {1, 3, 7, 16, 33, 64};

static void fill(double *values, int count, unsigned long long *state) {
  for (int i = 0; i < count; i++) {
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    values[i] = (double)((long long)((*state >> 33) % 2001) - 1000) / 256.0;
  }
}

static long long thread_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static int compare(const void *left, const void *right) {
  long long a = *(const long long *)left, b = *(const long long *)right;
  return (a > b) - (a < b);
}

static double *matrix(int n) {
  double *values = aligned_alloc(64, sizeof(double) * (size_t)(n * n + 8));
  if (values == NULL) _exit(3);
  return values;
}

int main(int argc, char **argv) {
  unsigned long long state = 20240601ULL;
  if (argc >= 2 && strcmp(argv[1], "check") == 0) {
    for (size_t s = 0; s < sizeof check_sizes / sizeof check_sizes[0]; s++) {
      int n = check_sizes[s];
      double *a = matrix(n), *b = matrix(n), *c = matrix(n);
      fill(a, n * n, &state);
      fill(b, n * n, &state);
      for (int i = 0; i < n * n; i++) c[i] = 12345.0; /* the function must overwrite c */
      matmul(n, a, b, c);
      printf("%d", n);
      for (int i = 0; i < n * n; i++) printf(" %.17g", c[i]);
      printf("\n");
    }
  } else if (argc >= 4 && strcmp(argv[1], "time") == 0) {
    int rounds = atoi(argv[2]), n = atoi(argv[3]);
    if (rounds < 1 || rounds > 1000 || n < 1 || n > 1024) return 2;
    double *a = matrix(n), *b = matrix(n), *c = matrix(n);
    fill(a, n * n, &state);
    fill(b, n * n, &state);
    long long *reference = calloc((size_t)rounds, sizeof(long long));
    long long *candidate = calloc((size_t)rounds, sizeof(long long));
    reference_matmul(n, a, b, c); /* warm up caches and pages */
    matmul(n, a, b, c);
    for (int r = 0; r < rounds; r++) {
      long long start = thread_ns();
      reference_matmul(n, a, b, c);
      long long middle = thread_ns();
      matmul(n, a, b, c);
      candidate[r] = thread_ns() - middle;
      reference[r] = middle - start;
    }
    qsort(reference, (size_t)rounds, sizeof(long long), compare);
    qsort(candidate, (size_t)rounds, sizeof(long long), compare);
    printf("{\"reference_min_ns\": %lld, \"reference_median_ns\": %lld, \"candidate_min_ns\": %lld, "
           "\"candidate_median_ns\": %lld}\n",
           reference[0], reference[rounds / 2], candidate[0], candidate[rounds / 2]);
  } else if (argc >= 3 && strcmp(argv[1], "profile") == 0) {
    int n = atoi(argv[2]);
    if (n < 1 || n > 1024) return 2;
    double *a = matrix(n), *b = matrix(n), *c = matrix(n);
    fill(a, n * n, &state);
    fill(b, n * n, &state);
    matmul(n, a, b, c);
    return 0; /* a normal exit: gcov writes its counts at exit */
  } else {
    fprintf(stderr, "usage: harness check | time ROUNDS N | profile N\n");
    return 2;
  }
  fflush(stdout);
  _exit(0);
}
