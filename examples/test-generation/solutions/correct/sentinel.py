# Kadane with a sentinel below any possible sum (|a_i| <= 1000 and n <= 100, so sums >= -100000).
import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
best = -1_000_000
current = -1_000_000
for value in values:
    current = max(value, current + value)
    best = max(best, current)
print(best)
