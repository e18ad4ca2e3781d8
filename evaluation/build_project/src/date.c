/* Calendar arithmetic: leap years, ISO dates to day numbers and back, day of the week. */
#include <stdio.h>
#include "app.h"

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 (proleptic Gregorian). */
static long day_number(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
    if (sscanf(s, "%d-%d-%d", y, m, d) != 3 || *m < 1 || *m > 12 || *d < 1)
        return 0;
    return *d <= days_in_month(*y, *m);
}

long demo_date(void)
{
    const char *dates[] = {"1970-01-01", "2000-02-29", "1900-02-29", "2024-12-31", "1999-13-01", "2038-01-19"};
    long s = 0;
    for (int i = 0; i < 6; i++) {
        int y, m, d;
        if (!parse_date(dates[i], &y, &m, &d)) {
            s = s * 10 - 1;
            continue;
        }
        long n = day_number(y, m, d);
        int weekday = (int)(((n % 7) + 11) % 7);  /* 0 = Monday; 1970-01-01 was a Thursday */
        s = s * 10 % 1000003 + n % 1000 + weekday;
    }
    return s;
}
