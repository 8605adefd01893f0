import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
best = 0
current = 0
for value in values:
    current = max(0, current + value)
    best = max(best, current)
print(best)
