"""Episodes of care on the chart: the panel, its dialogs, plots and the ICD-10-CM search."""
