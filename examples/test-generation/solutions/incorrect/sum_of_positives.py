import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
positives = [value for value in values if value > 0]
print(sum(positives) if positives else max(values))
