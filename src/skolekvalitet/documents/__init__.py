"""Documents built from plain data: charts now; the status report and its renderers later."""
