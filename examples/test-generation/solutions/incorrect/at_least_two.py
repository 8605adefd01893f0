import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
best = None
for start in range(n):
    total = values[start]
    for end in range(start + 1, n):
        total += values[end]
        best = total if best is None else max(best, total)
print(best)
