/* Word, number and sentence counting with a character-class state machine. */
#include <ctype.h>
#include "app.h"

enum cstate { SPACE, WORD, NUMBER, PUNCT };

typedef struct {
    long words, numbers, sentences, longest;
} text_stats;

static text_stats scan_text(const char *s)
{
    text_stats st = {0, 0, 0, 0};
    enum cstate state = SPACE;
    long run = 0;
    for (;; s++) {
        unsigned char c = (unsigned char)*s;
        enum cstate next = isalpha(c) || (state == WORD && c == '\'') ? WORD
                         : isdigit(c) || (state == NUMBER && (c == '.' || c == ',')) ? NUMBER
                         : ispunct(c) ? PUNCT : SPACE;
        if (next != state) {
            if (state == WORD) {
                st.words++;
                if (run > st.longest)
                    st.longest = run;
            } else if (state == NUMBER) {
                st.numbers++;
            }
            run = 0;
        }
        if ((c == '.' || c == '!' || c == '?') && state != NUMBER)
            st.sentences++;
        run++;
        state = next;
        if (!c)
            break;
    }
    return st;
}

long demo_tokenfsm(void)
{
    const char *text = "The build took 38.5 seconds, then 1,204 files were cached. Isn't that fine? "
                       "Yes! Rebuilds now take 0.4 s each... mostly.";
    text_stats st = scan_text(text);
    return st.words * 1000000 + st.numbers * 10000 + st.sentences * 100 + st.longest;
}
