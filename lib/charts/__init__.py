"""Figure builders: DataFrame first, options keyword-only, a plotly figure out (lib.charts.theme)."""
