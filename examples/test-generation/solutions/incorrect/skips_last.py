import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
best = values[0]
current = 0
for index in range(n - 1):
    current = max(values[index], current + values[index])
    best = max(best, current)
print(best)
