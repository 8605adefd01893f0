"""The workflow whose parameters are optimised: order lines -> weekly sales forecast, in four steps.

Usage: python3 workflow.py PARAMS_FILE   (stdin: the order lines; stdout: one JSON line {"trace", "forecast"})

1. parse:     "date;store;amount" lines -> orders, with the candidate's parse_amount(text)
2. clean:     drop orders whose amount is more than OUTLIER_Z robust deviations (MAD) from the median
3. aggregate: weekly totals
4. forecast:  Holt's linear exponential smoothing (SMOOTHING, TREND_SMOOTHING), FORECAST_WEEKS ahead

Every step writes what it did to the trace: counts, the values it decided on and what it dropped. The
candidate's code runs here (a child of the evaluator), never in the evaluator itself.
"""

import datetime
import importlib.util
import json
import statistics
import sys

FORECAST_WEEKS = 4


def load(path):
    spec = importlib.util.spec_from_file_location("params", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def money(value):
    return "{:,.2f}".format(value)


def parse(lines, params, trace):
    orders, rejected = [], []
    for number, line in enumerate(lines, 1):
        parts = line.split(";")
        try:
            if len(parts) != 3 or parts[2] == "":
                raise ValueError("it has no amount")
            orders.append((datetime.date.fromisoformat(parts[0]), parts[1], float(params.parse_amount(parts[2]))))
        except Exception as error:  # noqa: BLE001 - a rejected line goes to the trace
            rejected.append((number, line, "%s: %s" % (type(error).__name__, error)))
    examples = "; ".join('line %d "%s" (%s)' % item for item in rejected[:3])
    trace.append("1. parse: %d lines -> %d orders, %d rejected%s" % (
        len(lines), len(orders), len(rejected), "" if not rejected else ", e.g. " + examples))
    return orders


def clean(orders, params, trace):
    amounts = [amount for _, _, amount in orders]
    median = statistics.median(amounts)
    deviation = statistics.median(abs(amount - median) for amount in amounts) or 1.0
    kept = [order for order in orders if abs(order[2] - median) / deviation <= params.OUTLIER_Z]
    dropped = sorted((order for order in orders if order not in kept), key=lambda order: -order[2])
    largest = max(kept, key=lambda order: order[2])
    trace.append("2. clean (OUTLIER_Z = %g): median order %s, robust deviation %s; dropped %d orders%s; largest kept %s (%.1f deviations)" % (
        params.OUTLIER_Z, money(median), money(deviation), len(dropped),
        "" if not dropped else " (largest %s)" % ", ".join(money(order[2]) for order in dropped[:3]),
        money(largest[2]), (largest[2] - median) / deviation))
    return kept


def aggregate(orders, trace):
    first = min(date for date, _, _ in orders)
    weeks = {}
    for date, _, amount in orders:
        weeks[(date - first).days // 7] = weeks.get((date - first).days // 7, 0.0) + amount
    totals = [weeks.get(week, 0.0) for week in range(max(weeks) + 1)]
    median = statistics.median(totals)
    peak = max(range(len(totals)), key=lambda week: totals[week])
    trace.append("3. aggregate: %d weekly totals from %s to %s; median week %s; largest week %d: %s (%+.0f%% from the median)" % (
        len(totals), money(totals[0]), money(totals[-1]), money(median), peak + 1, money(totals[peak]),
        100 * (totals[peak] - median) / median))
    return totals


def forecast(totals, params, trace):
    for name in ("SMOOTHING", "TREND_SMOOTHING"):
        if not 0 < getattr(params, name) <= 1:
            trace.append("4. forecast: %s = %g is outside (0, 1]; no forecast" % (name, getattr(params, name)))
            return None
    level, trend = totals[0], totals[1] - totals[0]
    for total in totals[1:]:
        previous = level
        level = params.SMOOTHING * total + (1 - params.SMOOTHING) * (level + trend)
        trend = params.TREND_SMOOTHING * (level - previous) + (1 - params.TREND_SMOOTHING) * trend
    predictions = [level + trend * (ahead + 1) for ahead in range(FORECAST_WEEKS)]
    trace.append("4. forecast (SMOOTHING = %g, TREND_SMOOTHING = %g): final level %s, trend %s per week" % (
        params.SMOOTHING, params.TREND_SMOOTHING, money(level), ("+" if trend >= 0 else "") + money(trend)))
    return predictions


def main():
    params = load(sys.argv[1])
    lines = sys.stdin.read().strip().split("\n")
    trace = []
    orders = parse(lines, params, trace)
    if not orders:
        print(json.dumps({"trace": trace, "forecast": None, "error": "no order was parsed"}))
        return
    totals = aggregate(clean(orders, params, trace), trace)
    predictions = forecast(totals, params, trace)
    print(json.dumps({"trace": trace, "forecast": predictions, "error": "the parameters are out of range"}))


if __name__ == "__main__":
    main()
