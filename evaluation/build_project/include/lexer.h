/* Tokens of the expression language (lexer.c) and its evaluator (expr.c). */
#ifndef LEXER_H
#define LEXER_H

enum tok_kind { TOK_END, TOK_NUMBER, TOK_IDENT, TOK_OP, TOK_ERROR };

typedef struct {
    enum tok_kind kind;
    const char *start;
    int len;
    long value;
} token;

int lex_next(const char **src, token *t);
int expr_eval(const char *text, long x, long *result);

#endif
