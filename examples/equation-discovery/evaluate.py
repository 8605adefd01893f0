"""Evaluator of the equation-discovery recipe (LLM-ACES): a native-protocol command.

Usage: python3 evaluate.py MODEL_FILE   (inside the sandbox; the result goes to file descriptor 3)

The hidden system is a damped pendulum, theta' = omega, omega' = -G sin(theta) - C omega. The data are
trajectories of it: three from small initial angles (the base data, where a linear or polynomial model
looks as good as the truth) and one more for every probe the run has acquired (RATCHET_DATA). For the
candidate model (model.ode, expressions parsed by expression.py) the evaluator:

1. fits the free constants c0, c1, ... by least squares on the derivatives (finite differences of the data);
2. simulates the fitted model from every trajectory's initial state and scores the normalised mean squared
   error, averaged over trajectories (`nmse`, minimised);
3. predicts, for every probe (an initial state the run could ask to observe), the state at t = 1, 2, 3 —
   the `predictions` the engine compares between the best candidates to choose the next probe.
"""

import json
import os
import sys

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from expression import ModelError, evaluate_rhs, parse_model  # noqa: E402

VARIABLES = ("theta", "omega")
G, C = 2.0, 0.1
BASE = [(0.3, 0.0), (-0.2, 0.4), (0.1, -0.5)]
PROBES = {"theta=%.1f,omega=%.1f" % (theta, omega): (theta, omega)
          for theta in (0.6, 1.2, 1.8, 2.4, 3.0) for omega in (0.0, 2.0)}
TIMES = np.linspace(0.0, 12.0, 601)
PREDICT_AT = [1.0, 2.0, 3.0]
MAX_NMSE = 100.0


def take_result_channel():
    """fd 3 moved to a descriptor no child inherits, and this process made non-dumpable."""
    channel = os.dup(3)
    os.close(3)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
    except Exception:  # noqa: BLE001 - less protected, still works
        pass
    return channel


def hidden_system(t, state):
    return [state[1], -G * np.sin(state[0]) - C * state[1]]


def trajectory(initial):
    solution = solve_ivp(hidden_system, (TIMES[0], TIMES[-1]), initial, t_eval=TIMES, rtol=1e-10, atol=1e-12)
    return solution.y


def simulate(model, constants, initial, times):
    """The model's states at `times` from `initial`, or the reason the simulation failed."""
    equations, names = model

    def rhs(t, state):
        values = evaluate_rhs(equations, names, VARIABLES, dict(zip(VARIABLES, state)), constants)
        return [float(value) for value in values]

    try:
        solution = solve_ivp(rhs, (0.0, times[-1]), initial, t_eval=times, rtol=1e-8, atol=1e-10)
    except (ArithmeticError, ValueError) as error:
        return None, "the simulation failed (%s)" % error
    if solution.status != 0 or solution.y.shape[1] != len(times) or not np.all(np.isfinite(solution.y)):
        return None, "the simulation stopped at t = %.2f (%s)" % (solution.t[-1] if len(solution.t) else 0.0, solution.message)
    return solution.y, None


def predict(model, constants, initial):
    """The model's (theta, omega) at PREDICT_AT from `initial`, flattened. A model that runs away is
    held at the last state it reached, clipped to +-100: its disagreement with the others must count."""
    equations, names = model

    def rhs(t, state):
        values = evaluate_rhs(equations, names, VARIABLES, dict(zip(VARIABLES, state)), constants)
        return [float(value) for value in values]

    try:
        solution = solve_ivp(rhs, (0.0, PREDICT_AT[-1]), initial, dense_output=True, rtol=1e-8, atol=1e-10)
        reached = solution.t[-1]
        states = [solution.sol(min(time, reached)) for time in PREDICT_AT]
    except (ArithmeticError, ValueError):
        states = [np.array(initial, dtype=float) for _ in PREDICT_AT]
    flat = np.nan_to_num(np.concatenate(states), nan=100.0, posinf=100.0, neginf=-100.0)
    return [round(float(value), 10) for value in np.clip(flat, -100.0, 100.0)]


def fit(model, data):
    """Least-squares constants on the derivatives of all trajectories."""
    equations, names = model
    states = np.concatenate([states for _, states in data], axis=1)
    slopes = np.concatenate([np.gradient(observed, TIMES, axis=1, edge_order=2) for _, observed in data], axis=1)
    scale = np.std(slopes, axis=1, keepdims=True) + 1e-12

    def residuals(constants):
        values = np.array(evaluate_rhs(equations, names, VARIABLES, dict(zip(VARIABLES, states)), constants))
        result = ((values - slopes) / scale).ravel()
        return np.where(np.isfinite(result), result, 1e6)

    if not names:
        return np.array([])
    return least_squares(residuals, np.ones(len(names)), max_nfev=400).x


def nmse(simulated, observed):
    errors = [np.mean((simulated[i] - observed[i]) ** 2) / (np.var(observed[i]) + 1e-12) for i in range(len(VARIABLES))]
    return float(min(MAX_NMSE, np.mean(errors)))


def describe(initial):
    return "theta = %.2f, omega = %.2f" % initial


def evaluate(path):
    acquired = json.loads(os.environ.get("RATCHET_DATA", "[]"))
    unknown = [probe for probe in acquired if probe not in PROBES]
    if unknown:
        raise ValueError("unknown probes in RATCHET_DATA: %s" % unknown)
    data = [(initial, trajectory(initial)) for initial in BASE + [PROBES[probe] for probe in acquired]]
    labels = ["base"] * len(BASE) + ["acquired: probe %s" % probe for probe in acquired]
    try:
        with open(path) as file:
            model = parse_model(file.read(), VARIABLES)
    except ModelError as error:
        return {"metrics": {}, "valid": False, "feedback": "The model cannot be read: %s" % error}
    constants = fit(model, data)
    names = model[1]
    lines = ["Model: %s" % "; ".join("d%s/dt = %s" % (variable, model[0][variable][1]) for variable in VARIABLES)]
    lines.append("Fitted constants: %s." % (", ".join("%s = %.6g" % item for item in zip(names, constants)) or "none"))
    lines.append("Data: %d base trajectories and %d acquired (t = 0 to %g)." % (len(BASE), len(acquired), TIMES[-1]))
    errors, details = [], []
    for (initial, observed), label in zip(data, labels):
        simulated, problem = simulate(model, constants, initial, TIMES)
        if simulated is None:
            errors.append(MAX_NMSE)
            details.append("- from %s (%s): %s; NMSE counted as %g" % (describe(initial), label, problem, MAX_NMSE))
            continue
        error = nmse(simulated, observed)
        errors.append(error)
        worst = int(np.argmax(np.abs(simulated[0] - observed[0])))
        details.append("- from %s (%s): NMSE %.3g; largest error at t = %.2f: theta %.4f, data %.4f" % (
            describe(initial), label, error, TIMES[worst], simulated[0][worst], observed[0][worst]))
    score = float(np.mean(errors))
    lines.append("NMSE of the simulated trajectories, averaged: %.4g (the score; lower is better)." % score)
    lines.extend(details)
    predictions = {probe: predict(model, constants, initial) for probe, initial in PROBES.items()}
    return {"metrics": {"nmse": score}, "feedback": "\n".join(lines), "predictions": predictions}


def main():
    channel = take_result_channel()
    result = evaluate(os.path.abspath(sys.argv[1]))
    data = (json.dumps(result) + "\n").encode("utf-8")
    while data:
        data = data[os.write(channel, data):]
    os.close(channel)


if __name__ == "__main__":
    main()
