/* A recursive-descent evaluator for integer expressions in one variable x. */
#include "app.h"
#include "lexer.h"

typedef struct {
    const char *src;
    token tok;
    long x;
    int error;
} parser;

static void advance(parser *p)
{
    if (!lex_next(&p->src, &p->tok))
        p->tok.kind = TOK_END;
}

static int is_op(const parser *p, char c) { return p->tok.kind == TOK_OP && *p->tok.start == c; }

static long parse_sum(parser *p);

static long parse_atom(parser *p)
{
    if (p->tok.kind == TOK_NUMBER) {
        long v = p->tok.value;
        advance(p);
        return v;
    }
    if (p->tok.kind == TOK_IDENT && p->tok.len == 1 && *p->tok.start == 'x') {
        advance(p);
        return p->x;
    }
    if (is_op(p, '(')) {
        advance(p);
        long v = parse_sum(p);
        if (!is_op(p, ')'))
            p->error = 1;
        advance(p);
        return v;
    }
    if (is_op(p, '-')) {
        advance(p);
        return -parse_atom(p);
    }
    p->error = 1;
    advance(p);
    return 0;
}

static long parse_power(parser *p)
{
    long base = parse_atom(p);
    if (is_op(p, '^')) {
        advance(p);
        long e = parse_power(p), r = 1;
        while (e-- > 0)
            r *= base;
        return r;
    }
    return base;
}

static long parse_product(parser *p)
{
    long v = parse_power(p);
    while (is_op(p, '*') || is_op(p, '/') || is_op(p, '%')) {
        char op = *p->tok.start;
        advance(p);
        long r = parse_power(p);
        if (op == '*')
            v *= r;
        else if (r == 0)
            p->error = 1;
        else
            v = op == '/' ? v / r : v % r;
    }
    return v;
}

static long parse_sum(parser *p)
{
    long v = parse_product(p);
    while (is_op(p, '+') || is_op(p, '-')) {
        char op = *p->tok.start;
        advance(p);
        long r = parse_product(p);
        v = op == '+' ? v + r : v - r;
    }
    return v;
}

int expr_eval(const char *text, long x, long *result)
{
    parser p = {text, {TOK_END, text, 0, 0}, x, 0};
    advance(&p);
    *result = parse_sum(&p);
    return !p.error && p.tok.kind == TOK_END;
}

long demo_expr(void)
{
    const char *exprs[] = {"1 + 2 * 3", "(x + 1) ^ 3 - x", "x * x % 7", "-(4 - x) / 2", "2 ^ 3 ^ 2", "x / (x - x)", "3 +"};
    long s = 0;
    for (int i = 0; i < 7; i++)
        for (long x = 1; x < 6; x++) {
            long r;
            int ok = expr_eval(exprs[i], x, &r);
            s = s * 3 % 1000003 + (ok ? r : -1);
        }
    return s;
}
