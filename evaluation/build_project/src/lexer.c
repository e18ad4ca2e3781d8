/* A tokenizer for a small expression language: numbers, identifiers, operators, parentheses. */
#include <ctype.h>
#include <string.h>
#include "app.h"
#include "lexer.h"

int lex_next(const char **src, token *t)
{
    const char *s = *src;
    while (isspace((unsigned char)*s))
        s++;
    t->start = s;
    if (*s == '\0') {
        t->kind = TOK_END;
        t->len = 0;
        *src = s;
        return 0;
    }
    if (isdigit((unsigned char)*s)) {
        t->kind = TOK_NUMBER;
        t->value = 0;
        while (isdigit((unsigned char)*s))
            t->value = t->value * 10 + (*s++ - '0');
    } else if (isalpha((unsigned char)*s) || *s == '_') {
        t->kind = TOK_IDENT;
        while (isalnum((unsigned char)*s) || *s == '_')
            s++;
    } else if (strchr("+-*/%()^,", *s)) {
        t->kind = TOK_OP;
        s++;
    } else {
        t->kind = TOK_ERROR;
        s++;
    }
    t->len = (int)(s - t->start);
    *src = s;
    return 1;
}

long demo_lexer(void)
{
    const char *text = "area = width * (height + 12) - offset_2 / 3 # comment ^ 2";
    token t;
    long s = 0;
    int kinds[5] = {0};
    while (lex_next(&text, &t)) {
        kinds[t.kind]++;
        s = s * 3 + t.len + (t.kind == TOK_NUMBER ? t.value : 0);
    }
    return s % 1000003 + kinds[TOK_IDENT] * 100 + kinds[TOK_ERROR];
}
