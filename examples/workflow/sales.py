"""The workflow's data: 30 weeks of order lines from three stores, generated from a fixed seed.

Weeks 1-26 are the history the workflow sees; weeks 27-30 are what actually happened next, which only
the evaluator knows. The data has what real order exports have: a trend, noise, a store that writes
decimal commas ("12,50"), a few amounts typed with the decimal point missing (100 times too large), and a
line with no amount.
"""

import datetime
import random

HISTORY_WEEKS = 26
FORECAST_WEEKS = 4
STORES = ("store-1", "store-2", "store-3")
START = datetime.date(2024, 1, 1)


def generate():
    """(history lines, actual weekly totals of the weeks after the history)."""
    rng = random.Random(20240601)
    lines, totals = [], []
    for week in range(HISTORY_WEEKS + FORECAST_WEEKS):
        total = 0.0
        for day in range(7):
            date = START + datetime.timedelta(days=7 * week + day)
            for store in STORES:
                for _ in range(rng.randint(8, 14)):
                    amount = round(max(2.0, rng.gauss(20 + 0.6 * week, 6)), 2)
                    total += amount
                    text = ("%.2f" % amount).replace(".", ",") if store == "store-3" else "%.2f" % amount
                    if week < HISTORY_WEEKS and rng.random() < 0.0015:
                        text = text.replace(".", "").replace(",", "")  # the decimal point was lost
                    lines.append("%s;%s;%s" % (date.isoformat(), store, text))
        totals.append(round(total, 2))
    lines.insert(1234, "2024-03-05;store-2;")
    history = [line for line in lines if line < (START + datetime.timedelta(weeks=HISTORY_WEEKS)).isoformat()]
    return history, totals[HISTORY_WEEKS:]
