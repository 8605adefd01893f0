# Every subarray, with running sums: O(n^2), plenty for n <= 100.
import sys

numbers = sys.stdin.read().split()
n = int(numbers[0])
values = [int(token) for token in numbers[1 : n + 1]]
sums = []
for start in range(n):
    total = 0
    for end in range(start, n):
        total += values[end]
        sums.append(total)
print(max(sums))
