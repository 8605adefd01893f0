"""Parameters and code of the sales-forecast workflow (workflow.py runs them in its four steps)."""

# EVOLVE-BLOCK-START
OUTLIER_Z = 40.0  # step 2: drop orders more than this many robust deviations from the median
SMOOTHING = 0.9  # step 4: weight of the latest week in the level (0-1)
TREND_SMOOTHING = 0.6  # step 4: weight of the latest change in the trend (0-1)


def parse_amount(text):
    """Step 1: the amount of an order line, from its third field."""
    return float(text)
# EVOLVE-BLOCK-END
