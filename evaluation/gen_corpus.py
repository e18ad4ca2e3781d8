"""Generate a corpus of C projects for `atc scan`, with known answers.

Most files are ordinary code (strings, lists, hashing, sorting, fixed-point and statistics helpers, and some
floating-point loops that look like kernels but are not); a known share also holds one real kernel (GEMM, GEMV,
dot or AXPY, in several spellings). Each project gets a compile_commands.json whose flags the code needs
(an include directory and macros), and `expected.json` lists every kernel by file and function.

    python evaluation/gen_corpus.py OUT [--files 2000] [--projects 4] [--kernel-share 0.05] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random

HEADER = """#ifndef SCANCORP_COMMON_H
#define SCANCORP_COMMON_H
#include <stddef.h>
#include <string.h>

typedef struct node { int key; int value; struct node *next; } node_t;
typedef struct { int head, tail, count; int items[BUF_LEN]; } ring_t;

#define CLAMP(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))
#endif
"""

# Ordinary code: no kernel in any of them. {n} makes each function's name unique in its file.
PLAIN = [
    """unsigned long hash_{n}(const char *s)
{{
    unsigned long h = {seed}ul;
    while (*s)
        h = h * 33u + (unsigned char)*s++;
    return h;
}}
""",
    """int list_sum_{n}(const node_t *head)
{{
    int total = 0;
    for (; head; head = head->next)
        total += head->value;
    return total;
}}
""",
    """node_t *list_find_{n}(node_t *head, int key)
{{
    while (head && head->key != key)
        head = head->next;
    return head;
}}
""",
    """int ring_push_{n}(ring_t *r, int item)
{{
    if (r->count == BUF_LEN)
        return -1;
    r->items[r->tail] = item;
    r->tail = (r->tail + 1) % BUF_LEN;
    r->count++;
    return 0;
}}
""",
    """void sort_ints_{n}(int *a, int n)
{{
    for (int i = 1; i < n; i++) {{
        int v = a[i], j = i - 1;
        while (j >= 0 && a[j] > v) {{
            a[j + 1] = a[j];
            j--;
        }}
        a[j + 1] = v;
    }}
}}
""",
    """int count_words_{n}(const char *s)
{{
    int words = 0, in_word = 0;
    for (; *s; s++) {{
        int space = *s == ' ' || *s == '\\t' || *s == '\\n';
        if (!space && !in_word)
            words++;
        in_word = !space;
    }}
    return words;
}}
""",
    """int parse_int_{n}(const char *s, int *out)
{{
    int sign = 1, v = 0;
    if (*s == '-') {{
        sign = -1;
        s++;
    }}
    if (*s < '0' || *s > '9')
        return -1;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    *out = sign * v;
    return 0;
}}
""",
    """float max_of_{n}(const float *x, int n)
{{
    float m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    return m;
}}
""",
    """void prefix_sum_{n}(const int *x, int *out, int n)
{{
    int s = 0;
    for (int i = 0; i < n; i++) {{
        s += x[i];
        out[i] = s;
    }}
}}
""",
    """int popcount_{n}(unsigned v)
{{
    int c = 0;
    while (v) {{
        v &= v - 1;
        c++;
    }}
    return CLAMP(c, 0, 32);
}}
""",
    """void copy_clamped_{n}(const int *src, int *dst, int n, int lo, int hi)
{{
    for (int i = 0; i < n; i++)
        dst[i] = CLAMP(src[i], lo, hi);
}}
""",
    """int fixed_mul_{n}(int a, int b)
{{
    long long p = (long long)a * b;
    return (int)(p >> 16);
}}
""",
]

# Floating-point loops that pass the cheap gate but are not kernels: analysed and rejected.
NEAR_MISS = [
    """float horner_{n}(const float *c, int n, float x)
{{
    float r = 0.0f;
    for (int i = n - 1; i >= 0; i--)
        r = r * x + c[i];
    return r;
}}
""",
    """void scale_shift_{n}(const float *x, float *y, int n, float s)
{{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * s + 1.0f;
}}
""",
    """void square_all_{n}(float *x, int n)
{{
    for (int i = 0; i < n; i++)
        x[i] = x[i] * x[i];
}}
""",
]

KERNELS = [
    ("gemm", """void matmul_{n}(int M, int N, int K, const float *A, const float *B, float *C)
{{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {{
            float acc = 0.0f;
            for (int k = 0; k < K; k++)
                acc += A[i * K + k] * B[k * N + j];
            C[i * N + j] = acc;
        }}
}}
"""),
    ("gemm", """void matmul_ikj_{n}(int m, int n, int k, const float *a, const float *b, float *c)
{{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            c[i * n + j] = 0.0f;
    for (int i = 0; i < m; i++)
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
                c[i * n + j] += a[i * k + p] * b[p * n + j];
}}
"""),
    ("gemv", """void matvec_{n}(int rows, int cols, const float *A, const float *x, float *y)
{{
    for (int i = 0; i < rows; i++) {{
        float s = 0.0f;
        for (int j = 0; j < cols; j++)
            s += A[i * cols + j] * x[j];
        y[i] = s;
    }}
}}
"""),
    ("dot", """float dot_{n}(int n, const float *x, const float *y)
{{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}}
"""),
    ("axpy", """void axpy_{n}(int n, float a, const float *x, float *y)
{{
    for (int i = 0; i < n; i++)
        y[i] += a * x[i];
}}
"""),
]


def make_file(rng: random.Random, index: int, kernel: bool, near_miss: bool) -> tuple[str, list]:
    parts = [f"/* module {index}: generated for atc scan */", '#include "common.h"', ""]
    kernels = []
    bodies = [rng.choice(PLAIN).format(n=f"{index}_{j}", seed=rng.randrange(1, 1 << 16))
              for j in range(rng.randint(3, 8))]
    if near_miss:
        bodies.insert(rng.randrange(len(bodies) + 1), rng.choice(NEAR_MISS).format(n=index))
    if kernel:
        op, template = rng.choice(KERNELS)
        text = template.format(n=index)
        kernels.append({"function": text.split("(", 1)[0].split()[-1].lstrip("*"), "op": op})
        bodies.insert(rng.randrange(len(bodies) + 1), text)
    return "\n".join(parts + bodies), kernels


def generate(out: str, files: int, projects: int, kernel_share: float, near_miss_share: float, seed: int) -> dict:
    rng = random.Random(seed)
    expected = {"files": files, "projects": projects, "kernels": []}
    per_project = [files // projects + (p < files % projects) for p in range(projects)]
    index = 0
    for p, count in enumerate(per_project):
        root = os.path.join(os.path.abspath(out), f"project{p}")
        os.makedirs(os.path.join(root, "include"), exist_ok=True)
        with open(os.path.join(root, "include", "common.h"), "w") as f:
            f.write(HEADER)
        entries = []
        for i in range(count):
            sub = os.path.join(root, "src", f"part{i // 100}")
            os.makedirs(sub, exist_ok=True)
            text, kernels = make_file(rng, index, rng.random() < kernel_share, rng.random() < near_miss_share)
            path = os.path.join(sub, f"module{index}.c")
            with open(path, "w") as f:
                f.write(text)
            expected["kernels"] += [dict(k, file=path, project=f"project{p}") for k in kernels]
            entries.append({"directory": root, "file": os.path.relpath(path, root),
                            "arguments": ["cc", "-std=c99", "-O2", "-Iinclude", f"-DBUF_LEN={16 << (i % 3)}",
                                          "-c", os.path.relpath(path, root), "-o", f"build/module{index}.o"]})
            index += 1
        with open(os.path.join(root, "compile_commands.json"), "w") as f:
            json.dump(entries, f, indent=1)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    return expected


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--projects", type=int, default=4)
    ap.add_argument("--kernel-share", type=float, default=0.05, help="share of files holding one kernel")
    ap.add_argument("--near-miss-share", type=float, default=0.05,
                    help="share of files holding a floating-point loop that is not a kernel")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    expected = generate(args.out, args.files, args.projects, args.kernel_share, args.near_miss_share, args.seed)
    print(f"{expected['files']} files in {expected['projects']} projects under {args.out}, "
          f"{len(expected['kernels'])} kernels (expected.json)")


if __name__ == "__main__":
    main()
