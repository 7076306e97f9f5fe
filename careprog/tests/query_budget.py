"""The most queries any page may run (issue 13's target), however many rows it shows: the
query-count tests hold each page to it as well as to not growing with its rows."""

MOST_QUERIES_A_PAGE = 15
