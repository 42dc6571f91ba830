"""Numbers and dates as values: ``numbers`` ("around 12,000 troops" -> 12000,
approximate, counting "troops"), ``dates`` (resolved against the publication
date) and ``units`` (the one unit table, read by numbers and by compare)."""
