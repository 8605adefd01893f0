"""Pack 32 circles in the unit square so that the sum of their radii is as large as possible.

Prints one JSON line: {"centers": [[x, y], ...], "radii": [r, ...]}. The evaluator checks the packing
exactly (tolerance 0) and computes the sum itself; nothing else the program prints is trusted.

The centres are the part to improve. The radii are computed from the centres so that every packing this
program prints is valid (no overlap, every circle inside [0, 1] x [0, 1]).
"""

import json
import math

N_CIRCLES = 32

# EVOLVE-BLOCK-START
# A naive start: rows of 6, 7, 6, 7 and 6 circles, squeezed towards the middle of the square.
CENTERS = [
    [0.1667, 0.18], [0.3, 0.18], [0.4333, 0.18], [0.5667, 0.18], [0.7, 0.18], [0.8333, 0.18],
    [0.1571, 0.34], [0.2714, 0.34], [0.3857, 0.34], [0.5, 0.34], [0.6143, 0.34], [0.7286, 0.34], [0.8429, 0.34],
    [0.1667, 0.5], [0.3, 0.5], [0.4333, 0.5], [0.5667, 0.5], [0.7, 0.5], [0.8333, 0.5],
    [0.1571, 0.66], [0.2714, 0.66], [0.3857, 0.66], [0.5, 0.66], [0.6143, 0.66], [0.7286, 0.66], [0.8429, 0.66],
    [0.1667, 0.82], [0.3, 0.82], [0.4333, 0.82], [0.5667, 0.82], [0.7, 0.82], [0.8333, 0.82],
]


def construct_packing():
    """Returns (centers, radii) of N_CIRCLES circles."""
    centers = [inside_square(point) for point in CENTERS[:N_CIRCLES]]
    return centers, compute_radii(centers)
# EVOLVE-BLOCK-END


def inside_square(point):
    """The first two coordinates of a point, clamped into [0, 1]."""
    return [min(max(float(value), 0.0), 1.0) for value in point[:2]]


def compute_radii(centers, sweeps=20):
    """Radii for fixed centres: start from half the distance to the nearest neighbour (capped by the
    walls), then let each circle grow into the room its neighbours leave. Every step keeps the packing
    valid; a final factor 1 - 1e-9 absorbs floating-point rounding."""
    n = len(centers)
    walls = [min(x, y, 1.0 - x, 1.0 - y) for x, y in centers]
    distance = [[math.hypot(centers[i][0] - centers[j][0], centers[i][1] - centers[j][1]) for j in range(n)]
                for i in range(n)]
    radii = [min([walls[i]] + [distance[i][j] / 2 for j in range(n) if j != i]) for i in range(n)]
    for _ in range(sweeps):
        for i in range(n):
            room = min([walls[i]] + [distance[i][j] - radii[j] for j in range(n) if j != i])
            radii[i] = max(0.0, room)
    return [radius * (1.0 - 1e-9) for radius in radii]


if __name__ == "__main__":
    centers, radii = construct_packing()
    print(json.dumps({"centers": centers, "radii": radii}))
