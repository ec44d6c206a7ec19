"""Plain rules of the calendar part, without Flask or a database: Danish holidays,
placing meetings by rule, building iCalendar files, drawing the årshjul."""
