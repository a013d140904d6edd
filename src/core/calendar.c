/*
 * calendar.c
 *		Days of the proleptic Gregorian calendar; see calendar.h.
 */
#include "core/calendar.h"

int
calendar_days_in_month(int year, int month)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

bool
calendar_date_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
		   day >= 1 && day <= calendar_days_in_month(year, month);
}
