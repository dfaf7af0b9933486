# Dates as people read them. $date, $day and $year come already written in the language's digits.
format-date = { $day } { $month } { $year }
format-date-time = { $date }, { $time }
format-month-1 = Jan
format-month-2 = Feb
format-month-3 = Mar
format-month-4 = Apr
format-month-5 = May
format-month-6 = Jun
format-month-7 = Jul
format-month-8 = Aug
format-month-9 = Sep
format-month-10 = Oct
format-month-11 = Nov
format-month-12 = Dec
