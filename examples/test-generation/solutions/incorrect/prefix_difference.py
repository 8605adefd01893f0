import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
prefixes = [0]
for value in values:
    prefixes.append(prefixes[-1] + value)
print(max(prefixes) - min(prefixes))
