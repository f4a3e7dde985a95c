"""Reports: charts and documents built from assessment data."""
