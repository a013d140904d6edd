/*
 * calendar.h
 *		Days of the proleptic Gregorian calendar, for the readers of dates
 *		written as digits (bank statements, dunning templates).
 *
 * Plain C (no postgres.h).
 */
#ifndef AR2C_CORE_CALENDAR_H
#define AR2C_CORE_CALENDAR_H

#include <stdbool.h>

/* Days in month (1 to 12) of year */
extern int calendar_days_in_month(int year, int month);

/* Whether year-month-day is a day of the calendar (year 1 to 9999) */
extern bool calendar_date_valid(int year, int month, int day);

#endif /* AR2C_CORE_CALENDAR_H */
