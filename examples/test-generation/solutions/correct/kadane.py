# The reference solution: Kadane's algorithm. Its output on a test is the test's expected output.
import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
best = None
current = 0
for value in values:
    current = max(value, current + value)
    best = current if best is None else max(best, current)
print(best if best is not None else 0)
