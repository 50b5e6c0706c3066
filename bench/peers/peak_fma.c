/* Measured fp32 FMA ceiling: each thread runs 12 independent FMA chains (AVX-512 zmm, 16 floats, or AVX2 ymm,
   8 floats, on hosts without AVX-512: the build with -march=native picks),
   enough to fill 2 FMA ports with 4-cycle latency. Also estimates the core clock from a chain of
   dependent 1-cycle register-register adds (add-immediate chains get folded at rename on newer cores).
   Median (min-max) of 5 reps after a warm-up. Build: gcc -O2 -march=native -fopenmp peak_fma.c -o peak_fma */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int cmpd(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return (x > y) - (x < y); }

#ifdef __AVX512F__
#define LANES 16
#define ISA "AVX-512"
#define VEC __m512
#define SET1 _mm512_set1_ps
#define FMADD _mm512_fmadd_ps
#define ADD _mm512_add_ps
static float reduce(__m512 v) { return _mm512_reduce_add_ps(v); }
#else
#define LANES 8
#define ISA "AVX2"
#define VEC __m256
#define SET1 _mm256_set1_ps
#define FMADD _mm256_fmadd_ps
#define ADD _mm256_add_ps
static float reduce(__m256 v) { float f[8]; _mm256_storeu_ps(f, v); return f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7]; }
#endif

static float fma_chains(long n) {
    VEC a = SET1(0.999999f), b = SET1(1e-7f);
#define I(k) SET1(0.01f * k)                 /* distinct starts, so no chain is merged */
    VEC c0 = I(0), c1 = I(1), c2 = I(2), c3 = I(3), c4 = I(4), c5 = I(5), c6 = I(6), c7 = I(7),
           c8 = I(8), c9 = I(9), c10 = I(10), c11 = I(11);
#define F(c) c = FMADD(c, a, b)
    for (long i = 0; i < n; i++) { F(c0); F(c1); F(c2); F(c3); F(c4); F(c5); F(c6); F(c7); F(c8); F(c9); F(c10); F(c11); }
    VEC s = ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7)));
    return reduce(ADD(s, ADD(ADD(c8, c9), ADD(c10, c11))));
}

static double add_chain_ghz(void) {
    long adds = 2000000000, x = 0, one = 1;
    double t = now();
    for (long i = 0; i < adds; i += 4)
        __asm__ volatile("add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0" : "+r"(x) : "r"(one));
    return adds / (now() - t) / 1e9;
}

int main(void) {
    enum { R = 5 };
    long n = 200000000;
    double ghz[R], gf[R];
    add_chain_ghz();
    for (int r = 0; r < R; r++) ghz[r] = add_chain_ghz();
    qsort(ghz, R, sizeof *ghz, cmpd);
    printf("| clock estimate | dependent integer adds | 1 thr | %.2f (%.2f-%.2f) | GHz | |\n", ghz[R / 2], ghz[0], ghz[R - 1]);
    for (int th = 1; th <= 2; th++) {
        float sink = fma_chains(n / 10);                /* warm-up (vector frequency licence) */
        for (int r = 0; r < R; r++) {
            double t = now();
#pragma omp parallel num_threads(th) reduction(+ : sink)
            sink += fma_chains(n);
            gf[r] = th * (double)n * 12 * 2 * LANES / (now() - t) / 1e9;
        }
        qsort(gf, R, sizeof *gf, cmpd);
        printf("| peak fp32 FMA | " ISA " microbenchmark | %d thr | %.0f (%.0f-%.0f) | GFLOPS | = %.1f flop/cycle/core at the median clock%s |\n",
               th, gf[R / 2], gf[0], gf[R - 1], gf[R / 2] / th / ghz[R / 2], sink == 0 ? " ??" : "");
    }
    return 0;
}
